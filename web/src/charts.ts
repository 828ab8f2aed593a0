// ECharts with only the chart types the page draws, so the bundle stays small.
import { GraphChart, SankeyChart, TreeChart } from "echarts/charts";
import { LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([GraphChart, SankeyChart, TreeChart, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** A chart in a new element; it follows the element's size. */
export function chart(option: ChartOption, testid: string, height = 420): HTMLElement {
  const el = document.createElement("div");
  el.className = "chart";
  el.dataset.testid = testid;
  el.style.height = `${height}px`;
  // ECharts measures its container, so it starts once the element is in the page.
  requestAnimationFrame(() => {
    const instance = echarts.init(el);
    instance.setOption(option);
    const observer = new ResizeObserver(() => {
      // Gone from the page (another view was drawn): let the chart go too.
      if (!el.isConnected) {
        observer.disconnect();
        instance.dispose();
      } else {
        instance.resize();
      }
    });
    observer.observe(el);
  });
  return el;
}
