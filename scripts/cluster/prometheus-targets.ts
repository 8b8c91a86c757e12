// The cluster's scrape targets for Prometheus's file-based discovery (file_sd_configs): nodes take
// free ports at start, so deploy/prometheus.yml reads them from this file instead of listing them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths.ts';

/** Where `npm run cluster` writes its targets; deploy/prometheus.yml names the same file. */
export const CLUSTER_TARGETS_FILE = join(PROJECT_ROOT, '.data', 'cluster', 'prometheus-targets.json');

/** One file_sd target group (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config). */
export interface TargetGroup {
  targets: string[];
  labels: { role: string; node: string };
}

/** One group per node, labelled with its role and name, so alerts and queries can say which node. */
export function targetGroupsOf(nodes: readonly { name: string; role: string; port: number }[], host = '127.0.0.1'): TargetGroup[] {
  return nodes.map((node) => ({ targets: [`${host}:${node.port}`], labels: { role: node.role, node: node.name } }));
}

/** Writes the groups whole (a temporary file renamed over the old one), so Prometheus never reads half a file. */
export function writeTargetsFile(path: string, groups: readonly TargetGroup[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(groups, null, 2)}\n`);
  renameSync(partial, path);
}

/** The command that runs Prometheus with deploy/prometheus.yml (and its alerts) against the cluster, from any folder. */
export function prometheusCommand(listen = '127.0.0.1:9090'): string {
  const config = join(PROJECT_ROOT, 'deploy', 'prometheus.yml');
  const storage = join(PROJECT_ROOT, '.data', 'prometheus');
  return `prometheus --config.file=${config} --storage.tsdb.path=${storage} --web.listen-address=${listen}`;
}
