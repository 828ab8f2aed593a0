// What the API's codes mean to a reader, in Chinese and English. Every enum the page shows or
// offers is typed by the committed contract (`Record<Schemas[…], Words>`): a value the API adds
// or renames is a missing or unknown key here, so `npm run build` fails until it has its words.
// Forms take their choices from the same maps (`values`), never from a hand-kept list.
import type { Schemas } from "./api/client";
import { currentLang } from "./i18n";

type Words = readonly [zh: string, en: string];

export interface Labels<E extends string> {
  /** Every value, in the order a person should see them. */
  readonly values: readonly E[];
  text(value: E): string;
}

function say(words: Words): string {
  return words[currentLang() === "zh" ? 0 : 1];
}

function labels<E extends string>(words: Record<E, Words>): Labels<E> {
  return {
    values: Object.keys(words) as E[],
    // A value this page does not know (an API newer than the page) is shown as it came.
    text: (value) => (words[value] ? say(words[value]) : value),
  };
}

export const STAGE = labels<Schemas["Stage"]>({
  upstream: ["上游", "Upstream"],
  midstream: ["中游", "Midstream"],
  downstream: ["下游", "Downstream"],
});

export const STRENGTH = labels<Schemas["Strength"]>({
  missing: ["缺失", "Missing"],
  weak: ["薄弱", "Weak"],
  present: ["一般", "Present"],
  strong: ["优势", "Strong"],
});

export const DEPENDENCY = labels<Schemas["Dependency"]>({
  single_outside_supplier: ["单一外部供应商", "Single supplier, outside"],
  single_supplier: ["单一供应商", "Single supplier"],
  outside_suppliers_only: ["仅有外部供应商", "Outside suppliers only"],
});

export const LEAD_FORM = labels<Schemas["LeadForm"]>({
  pilot_line: ["中试线", "Pilot line"],
  relocation: ["迁建", "Relocation"],
  branch: ["设立分支", "Branch"],
});

export const DISTANCE = labels<Schemas["Distance"]>({
  same_city: ["同城", "same city"],
  same_province: ["同省", "same province"],
  region: ["京津冀", "in the region"],
  outside: ["区外", "outside the region"],
});

export const REL_KIND = labels<Schemas["RelKind"]>({
  transfers_technology: ["技术转移", "Technology transfer"],
  supplies: ["供应", "Supplies"],
  incubates: ["孵化", "Incubates"],
  invests_in: ["投资", "Invests in"],
  branch_of: ["分支机构", "Branch of"],
  cooperates_with: ["合作", "Cooperates with"],
  relocated_from: ["迁出", "Relocated from"],
});

export const TRANSFER_MODE = labels<Schemas["TransferMode"]>({
  licence: ["许可", "Licence"],
  assignment: ["转让", "Assignment"],
  joint_rd: ["联合研发", "Joint R&D"],
  spin_off: ["衍生创业", "Spin-off"],
  pilot_production: ["中试生产", "Pilot production"],
  intra_group: ["集团内部转移", "Within the group"],
});

export const SCALE = labels<Schemas["Scale"]>({
  large: ["大型", "Large"],
  medium: ["中型", "Medium"],
  small: ["小型", "Small"],
  micro: ["微型", "Micro"],
});

export const TAG = labels<Schemas["Tag"]>({
  chain_leader: ["链主企业", "Chain leader"],
  little_giant: ["专精特新“小巨人”", "Little giant"],
  high_tech: ["高新技术企业", "High-tech enterprise"],
});

export const SEGMENT_ROLE = labels<Schemas["SegmentRole"]>({
  leader: ["链主", "Leader"],
  core: ["核心", "Core"],
  supporting: ["配套", "Supporting"],
});

export const RD_KIND = labels<Schemas["RdKind"]>({
  university: ["高校", "University"],
  institute: ["科研院所", "Research institute"],
  national_key_lab: ["全国重点实验室", "National key laboratory"],
  key_lab: ["重点实验室", "Key laboratory"],
  innovation_centre: ["创新中心", "Innovation centre"],
  enterprise_rd_centre: ["企业研发中心", "Enterprise R&D centre"],
});

export const ORG_KIND = labels<Schemas["OrgKind"]>({
  enterprise: ["企业", "Enterprise"],
  rd_source: ["研发机构", "R&D source"],
});

export const RECORD_KIND = labels<Schemas["RecordKind"]>({
  enterprise: ["企业", "Enterprise"],
  rd_source: ["研发机构", "R&D source"],
  relationship: ["关系", "Relationship"],
});

export const REVIEW_STATUS = labels<Schemas["ReviewStatus"]>({
  unverified: ["待审核", "Awaiting review"],
  verified: ["已核实", "Verified"],
  rejected: ["已退回", "Rejected"],
});

export const ROLE = labels<Schemas["Role"]>({
  member: ["成员单位", "Member"],
  reader: ["只读", "Reader"],
  admin: ["管理员", "Admin"],
});

export const IMPORT_KIND = labels<Schemas["ImportKind"]>({
  enterprises: ["企业", "Enterprises"],
  rd_sources: ["研发机构", "R&D sources"],
  relationships: ["关系", "Relationships"],
  memberships: ["所在环节", "Chain links"],
});

export const MATCHED_BY = labels<Schemas["MatchedBy"]>({
  name: ["按名称匹配", "matched by name"],
  choice: ["按所选", "as chosen"],
});

export const ROW_STATUS = labels<Schemas["RowStatus"]>({
  created: ["新建", "created"],
  updated: ["更新", "updated"],
  unchanged: ["未变", "unchanged"],
  rejected: ["有误", "rejected"],
});

export const ACTION = labels<Schemas["Action"]>({
  create: ["登记", "Registered"],
  update: ["修改", "Changed"],
  delete: ["撤回", "Withdrawn"],
  verify: ["核实", "Verified"],
  reject: ["退回", "Rejected"],
  dispute: ["异议", "Disputed"],
  merge: ["合并", "Merged"],
  report: ["报告事件", "Event reported"],
});

export const WATCH_KIND = labels<Schemas["WatchKind"]>({
  enterprise: ["企业", "Enterprise"],
  rd_source: ["创新源", "R&D source"],
  link: ["环节", "Link"],
  chain: ["产业链", "Chain"],
  region: ["地区", "Region"],
});

export const ALERT_REASON = labels<Schemas["AlertReason"]>({
  changed: ["关注对象有变动", "What you watch changed"],
  upstream: ["上游供应商有变动", "A supplier upstream changed"],
  disrupted: ["受上游事件冲击", "Disrupted by an event upstream"],
  in_scope: ["关注范围内有变动", "A change where you watch"],
});

export const EVENT_KIND = labels<Schemas["EventKind"]>({
  production_stop: ["停产", "Production stop"],
  relocation: ["搬迁", "Relocation"],
  sanction: ["制裁 / 出口管制", "Sanction / export control"],
  accident: ["事故", "Accident"],
});

export const SEVERITY = labels<Schemas["Severity"]>({
  low: ["轻微", "Low"],
  medium: ["较重", "Medium"],
  high: ["严重", "High"],
});

export const CLUSTER_KIND = labels<Schemas["ClusterKind"]>({
  five_groups: ["五群", "The five groups"],
  national: ["国家级先进制造业集群", "National advanced-manufacturing clusters"],
});

export const LINK_LEVEL = labels<Schemas["LinkLevel"]>({
  link: ["环节", "Links"],
  sub_link: ["细分环节", "Sub-links"],
});

/** Field names as the API spells them (bodies, change logs, errors) → what a form calls them. */
const FIELDS: Record<string, Words> = {
  uscc: ["统一社会信用代码", "USCC"],
  name_zh: ["中文名称", "Chinese name"],
  name_en: ["英文名称", "English name"],
  legal_name: ["登记名称", "Registered name"],
  region: ["地区", "Region"],
  region_code: ["地区", "Region"],
  park: ["园区", "Park"],
  scale: ["规模", "Size"],
  tags: ["标签", "Tags"],
  description: ["简介", "Description"],
  source: ["来源", "Source"],
  rd_kind: ["类别", "Kind"],
  kind: ["类型", "Kind"],
  source_id: ["起点", "From"],
  target_id: ["终点", "To"],
  product: ["产品", "Product"],
  products: ["产品", "Products"],
  technology: ["技术", "Technology"],
  mode: ["方式", "Mode"],
  year: ["年份", "Year"],
  share: ["持股比例", "Share"],
  topic: ["主题", "Topic"],
  scope: ["范围", "Scope"],
  valid_from: ["起始年份", "From year"],
  valid_to: ["截止年份", "To year"],
  since: ["起始年份", "Since"],
  until: ["截止年份", "Until"],
  role: ["角色", "Role"],
  segment: ["环节", "Link"],
  link: ["环节", "Link"],
  chain: ["产业链", "Chain"],
  readiness: ["技术成熟度", "Readiness"],
  evidence: ["依据", "Evidence"],
  reason: ["理由", "Reason"],
  decision: ["决定", "Decision"],
  member_org: ["成员单位", "Member organisation"],
  name: ["名称", "Name"],
  file: ["文件", "File"],
  row: ["行", "Row"],
  verified: ["核实状态", "Verification"],
  rejected_reason: ["退回理由", "Reason for rejecting"],
  owner: ["提交单位", "Owner"],
  synthetic: ["演示数据", "Synthetic"],
  id: ["编号", "Id"],
  match: ["匹配", "Match"],
  sheet: ["工作表", "Sheet"],
  choose: ["所选匹配", "Chosen matches"],
};

/** A field's name for a reader; `rows[3].uscc` is the field `uscc` (of row 3, said elsewhere). */
export function fieldName(field: string): string {
  const base = field.replace(/^rows\[\d+\]\.?/, "").split(/[.[]/)[0] ?? "";
  const words = FIELDS[base];
  return words ? say(words) : say(["其他字段", "another field"]);
}

/** The rules the API names in `errors[].rule` (docs/API.md, "Errors"). */
const RULES: Record<string, Words> = {
  required: ["必须填写", "is required"],
  length: ["长度不符合要求", "has the wrong length"],
  range: ["超出允许的范围", "is out of range"],
  format: ["格式不正确", "is not in the right format"],
  pattern: ["含有不允许的字符或格式不对", "has characters or a form not allowed"],
  schema: ["不是可接受的值", "is not an accepted value"],
  enum: ["不是可选的值", "is not one of the choices"],
  exists: ["所指的记录或地区不存在", "names something that does not exist"],
  unique: ["有重复", "repeats a value"],
  alphabet: ["含有不使用的字符（不用 I、O、S、V、Z 和小写字母）", "has a character never used (I, O, S, V, Z, lower case)"],
  check_character: ["校验位不正确，请核对代码", "has a wrong check character: check the code"],
  self_loop: ["两端不能是同一机构", "cannot have the same organisation at both ends"],
  order: ["截止早于起始", "ends before it starts"],
  not_applicable: ["不适用于此类关系", "does not apply to this kind"],
  region_for_relocation: ["迁出关系的另一端应为地区", "must be a region for a relocation"],
  reserved: ["为系统保留", "is reserved"],
  forbidden: ["不允许", "is not allowed"],
  reused: ["此请求已以不同内容提交过", "was sent before with other content"],
  csv: ["不是 CSV 文件", "is not a CSV file"],
  readable: ["无法读取", "cannot be read"],
  encoding: ["编码无法识别（请用 UTF-8 或 GBK）", "is in an unknown encoding (use UTF-8 or GBK)"],
  unknown_column: ["有未知的列", "has an unknown column"],
  missing_column: ["缺少必需的列", "lacks a required column"],
  duplicate_in_file: ["在文件中重复出现", "appears twice in the file"],
  slug: ["只能用小写字母、数字和连字符", "may hold only lower-case letters, digits and hyphens"],
  ambiguous: ["有多个可能，请指明是哪一个", "could be more than one: say which"],
  mismatch: ["与所匹配的记录不一致", "disagrees with the record matched"],
  duplicate_column: ["有两列表示同一内容", "is named by two columns"],
  workbook: ["无法读取该 Excel 工作簿", "cannot be read as a workbook"],
};

/** One broken rule, in the reader's language: which field, and what is wrong with it. */
export function ruleText(rule: string): string {
  const words = RULES[rule];
  return words ? say(words) : say(["不符合规则", "breaks a rule"]);
}

export function fieldErrorText(error: Pick<Schemas["FieldError"], "field" | "rule">): string {
  return `${fieldName(error.field)}${currentLang() === "zh" ? "" : " "}${ruleText(error.rule)}`;
}

/** What a refused or failed call means to a reader, by its status. */
const STATUS: Record<number, Words> = {
  400: ["请求有误", "The request was malformed"],
  401: ["需要有效的密钥", "A valid key is needed"],
  403: ["此密钥无权进行该操作", "This key may not do that"],
  404: ["未找到", "Not found"],
  409: ["与已有记录冲突", "It clashes with an existing record"],
  412: ["此记录已被他人修改，请刷新后重试", "Someone changed this record meanwhile: reload and try again"],
  413: ["内容太大", "Too large"],
  415: ["文件类型不受支持", "Unsupported file type"],
  422: ["输入不符合规则", "The input breaks a rule"],
  429: ["请求过于频繁，请稍后再试", "Too many requests: try again shortly"],
  503: ["服务暂时不可用，请稍后重试", "The service is unavailable: try again shortly"],
};

export function statusText(status: number): string {
  const words = STATUS[status];
  return words ? say(words) : say(["出错了", "Something went wrong"]);
}
