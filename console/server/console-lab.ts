/** What the console needs from the lab it serves: the embedded lab (`up`) or the classroom stack. */
export interface ConsoleLab {
  /** the lab folder: logs/, current-run.json, the console's own data */
  readonly dir: string;
  readonly adminToken: string;
  /** the learners' token: the console takes snapshots and profiles with it, so they are the scrubbed ones learners may read */
  readonly learnerToken?: string | undefined;
  /** the lab's services and their base URLs (partner-api included) */
  services(): Array<{ name: string; url: string }>;
  /** PostgreSQL's side of the connections (/metrics), when the console should scrape it */
  readonly databaseMetricsUrl: string | null;
  /** a rolling restart; null where the console cannot restart services itself */
  readonly restart: ((service: string) => Promise<void>) | null;
}
