/** OTLP/JSON metrics: only counted (see protobuf-metrics.ts). */
import { field, isObject, list, requestItems } from './json-common';

const DATA_FIELDS: [string, string][] = [['gauge', 'gauge'], ['sum', 'sum'], ['histogram', 'histogram'], ['exponentialHistogram', 'exponential_histogram'], ['summary', 'summary']];

export function countMetricDataPointsJson(value: unknown): number {
  let count = 0;
  for (const resourceMetrics of requestItems(value, 'resourceMetrics', 'resource_metrics', 'metrics')) {
    if (!isObject(resourceMetrics)) continue;
    for (const scopeMetrics of list(resourceMetrics, 'scopeMetrics', 'scope_metrics', 'resourceMetrics')) {
      if (!isObject(scopeMetrics)) continue;
      for (const metric of list(scopeMetrics, 'metrics', 'metrics', 'scopeMetrics')) {
        if (!isObject(metric)) continue;
        for (const [camel, snake] of DATA_FIELDS) {
          const data = field(metric, camel, snake);
          if (isObject(data)) count += list(data, 'dataPoints', 'data_points', camel).length;
        }
      }
    }
  }
  return count;
}
