import { pascalCase, tableName } from './key-layout.ts';

/** A saved Athena query of the workgroup. */
export interface NamedQuery {
  /** Construct id. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Athena (Trino) SQL over the tables of infra/query-catalog.ts. */
  readonly sql: string;
}

/** The last 7 days of partitions: every query restricts `dt`, so projection reads only those prefixes. */
const LAST_7_DAYS = "dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')";

/** The first questions a SOC asks of each integration, and of both: what could not be read. */
const BY_INTEGRATION: Readonly<Record<string, readonly Omit<NamedQuery, 'id'>[]>> = {
  'ibm-aix': [
    {
      name: 'ibm-aix: failed logins by user and host (7 days)',
      description: 'USER_Login audit records with a FAIL status, per user and host, with the first and last attempt',
      sql: `SELECT "user".name AS user_name, host.name AS host_name, count(*) AS failures, min(ts) AS first_seen, max(ts) AS last_seen
FROM ibm_aix
WHERE ${LAST_7_DAYS} AND event.action = 'USER_Login' AND event.outcome = 'failure'
GROUP BY 1, 2
ORDER BY failures DESC`,
    },
    {
      name: 'ibm-aix: su by user (7 days)',
      description: 'USER_SU audit records: who switched to which user, how often, and whether it succeeded',
      sql: `SELECT "user".name AS from_user, "user".target.name AS to_user, event.outcome AS outcome, count(*) AS attempts, max(ts) AS last_seen
FROM ibm_aix
WHERE ${LAST_7_DAYS} AND event.action = 'USER_SU'
GROUP BY 1, 2, 3
ORDER BY attempts DESC`,
    },
  ],
  tanium: [
    {
      name: 'tanium: alerts by rule and host (7 days)',
      description: 'Threat Response alerts (from Tanium Connect) per intel rule and host, with the ATT&CK techniques and the last alert',
      sql: `SELECT rule.name AS rule_name, rule.ruleset AS rule_type, host.name AS host_name, count(*) AS alerts,
  array_distinct(flatten(array_agg(coalesce(threat.technique.id, CAST(ARRAY[] AS array(varchar)))))) AS techniques, max(ts) AS last_seen
FROM tanium
WHERE ${LAST_7_DAYS} AND event.kind = 'alert'
GROUP BY 1, 2, 3
ORDER BY alerts DESC`,
    },
    {
      name: 'tanium: processes started by hash (7 days)',
      description: 'process_start events per MD5 and executable, with how many hosts ran each: rare hashes first',
      sql: `SELECT process.hash.md5 AS md5, process.executable AS executable, count(DISTINCT host.name) AS hosts, count(*) AS starts, max(ts) AS last_seen
FROM tanium
WHERE ${LAST_7_DAYS} AND contains(event.category, 'process') AND contains(event.type, 'start')
GROUP BY 1, 2
ORDER BY hosts ASC, starts ASC`,
    },
    {
      name: 'tanium: network connections by destination (7 days)',
      description: 'network_connect events per destination address and port, with the hosts and processes that opened them',
      sql: `SELECT destination.ip AS destination_ip, destination.port AS destination_port, count(DISTINCT host.name) AS hosts,
  array_agg(DISTINCT process.name) AS processes, count(*) AS connections
FROM tanium
WHERE ${LAST_7_DAYS} AND contains(event.category, 'network') AND contains(event.type, 'start')
GROUP BY 1, 2
ORDER BY connections DESC`,
    },
  ],
};

/** Records that could not be read, per day: rejected (S3 lines, Firehose records) and unparsed events. */
function notNormalized(integration: string): Omit<NamedQuery, 'id'> {
  const table = tableName(integration);
  return {
    name: `${integration}: rejected and unparsed records by day (30 days)`,
    description:
      'Per day: S3 lines rejected (errors/ objects, with the lines counted but not stored), Firehose records rejected or failed (processing-failed/), ' +
      'and events whose record layout was not recognized (error.message set)',
    sql: `SELECT dt, 'rejected line (S3)' AS kind, sum(coalesce(not_stored, 1)) AS records
FROM rejected_lines WHERE integration = '${integration}' AND dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
GROUP BY dt
UNION ALL
SELECT dt, 'rejected or failed record (Firehose)', count(*)
FROM firehose_processing_failed WHERE integration = '${integration}' AND dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
GROUP BY dt
UNION ALL
SELECT dt, 'unparsed event', count(*)
FROM ${table} WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d') AND error.message IS NOT NULL
GROUP BY dt
ORDER BY dt DESC, kind`,
  };
}

/** The named queries of the deployed integrations. */
export function namedQueries(integrations: readonly string[]): NamedQuery[] {
  return integrations.flatMap((integration) =>
    [...(BY_INTEGRATION[integration] ?? []), notNormalized(integration)].map((query, index) => ({
      id: `${pascalCase(integration)}Query${index + 1}`,
      ...query,
    })),
  );
}
