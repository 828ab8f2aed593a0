"""Schemathesis extensions for the ChainAtlas contract tests (loaded via SCHEMATHESIS_HOOKS).

`declared_rules_only` replaces the built-in `positive_data_acceptance` check. That check fails
any request the schema allows but the server refuses. Our schema declares every syntactic rule
the server enforces (lengths, ranges, patterns, enums), so such a refusal is a contract bug --
except for rules JSON Schema cannot state: that a referenced region, park or organisation
exists, a USCC's check character, the fields one relationship kind requires, the rows of a CSV
file. The server names the rule of every refusal (`errors[].rule`), so this check accepts a 422
whose rules are all of that kind and fails on any other.
"""

import schemathesis

# Rules the server enforces that a schema cannot express (see docs/API.md, "Errors").
SEMANTIC_RULES = {
    "exists",  # a referenced region, park, chain link or organisation must exist
    "check_character",  # the USCC's last character is a checksum over the first 17
    "required",  # fields one relationship kind or key role needs (member_org, product…)
    "not_applicable",  # fields another relationship kind has
    "region_for_relocation",  # relocated_from's target_id is a region code, not an organisation
    "self_loop",  # both ends of a relationship are the same organisation
    "order",  # valid_to before valid_from
    "reserved",  # member organisation names reserved for roles and loaders
    "forbidden",  # member_org on a key that is not a member key
    "reused",  # an Idempotency-Key sent before with another body
    "csv",  # an import's body is CSV text, not JSON
    "unknown_column",
    "missing_column",
    "encoding",  # an uploaded file neither UTF-8 nor GBK/GB18030
}
# (field, rule) pairs that are semantic only for that field.
SEMANTIC_FIELD_RULES = {
    ("cursor", "format"),
    ("cursor", "range"),
    ("before", "format"),  # a well-shaped timestamp that is no date (2026-13-45T…)
    ("queries", "format"),  # the W3C reconciliation form field holds JSON text: its shape is the
    # W3C API's, which a form string's schema cannot state
    ("into", "self"),  # a record merged into itself: the path and the body name the same id
    ("choose", "kind"),  # an import's choices are for organisation lists only
    ("sheet", "exists"),  # the workbook has no sheet of that name
    # A webhook's address: the URL grammar beyond its pattern, and where its host resolves
    # (a name that does not, or that reaches inside the service's network, or a host the
    # deployment does not list) — facts of DNS and configuration, not of the request.
    ("url", "format"),
    ("url", "unresolvable"),
    ("url", "internal_address"),
    ("url", "host_not_allowed"),
    ("after", "unknown"),  # a well-shaped cursor that is no place in this database's feed
    ("occurred_on", "format"),  # a well-shaped date that is no date (0410-33-87)
    ("source.published_on", "format"),
    ("target", "format"),  # a watch's target has the form of its `kind` (an id, a link, a code)
}

# 412: `If-Match` names a version that is not the current one, which only the server knows.
# 410: a well-formed change-feed cursor that is no place in this database's feed (another
# database's epoch, or past its newest change).
ACCEPTED = {401, 403, 404, 409, 410, 412, 429}


@schemathesis.check
def declared_rules_only(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if 200 <= status < 400 or status in ACCEPTED or status >= 500:
        return None
    if status == 422:
        errors = response.json().get("errors", [])
        undeclared = [
            e
            for e in errors
            if e.get("rule") not in SEMANTIC_RULES
            and (e.get("field"), e.get("rule")) not in SEMANTIC_FIELD_RULES
            and not e.get("field", "").startswith("rows[")
        ]
        if errors and not undeclared:
            return None
        raise AssertionError(
            "a schema-valid request was refused for a rule the schema does not declare: "
            + "; ".join(f"{e.get('field')}: {e.get('rule')}" for e in undeclared or errors)
        )
    raise AssertionError(f"a schema-valid request got {status}")
