/**
 * Slack OAuth installations in the store (migration 009), shared by every instance: whichever instance ran the
 * OAuth redirect, every instance can answer that workspace. The installation (with its bot token) is kept only
 * sealed (AES-256-GCM, WHIP_SECRET_KEY); what it is about — team, enterprise, bot user — stays in the clear so
 * rows can be found and counted without the key. Knows nothing of Bolt: the Slack adapter maps Bolt's
 * Installation objects to these records (src/adapters/slack/installations.ts).
 */
import type { Db } from './db.js';
import type { SecretBox } from './secretBox.js';

export interface InstallationIdentity {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

export interface InstallationRecord extends InstallationIdentity {
  botUserId?: string;
  /** The whole installation (tokens included), as the adapter serialised it; stored sealed. */
  payload: string;
}

/** The row key: an org-wide install is found by its enterprise, any other by its workspace. */
export function installKey(id: InstallationIdentity): string {
  if (id.isEnterpriseInstall && id.enterpriseId) return `enterprise:${id.enterpriseId}`;
  if (id.teamId) return `team:${id.teamId}`;
  throw new Error('a Slack installation needs a team id (or an enterprise id for an org-wide install)');
}

export class SlackInstallationStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Insert or replace (a reinstall, new scopes, a rotated token) the installation of one workspace or org. */
  async put(record: InstallationRecord): Promise<void> {
    const key = installKey(record);
    const at = this.now().toISOString();
    const row = {
      install_key: key,
      team_id: record.teamId ?? null,
      enterprise_id: record.enterpriseId ?? null,
      is_enterprise_install: record.isEnterpriseInstall ? 1 : 0,
      bot_user_id: record.botUserId ?? null,
      sealed: this.box.seal(record.payload, key),
      installed_at: at,
      updated_at: at,
    };
    await this.db
      .insertInto('slack_installations')
      .values(row)
      .onConflict((oc) =>
        oc.column('install_key').doUpdateSet({
          team_id: row.team_id,
          enterprise_id: row.enterprise_id,
          is_enterprise_install: row.is_enterprise_install,
          bot_user_id: row.bot_user_id,
          sealed: row.sealed,
          updated_at: at,
        }),
      )
      .execute();
  }

  /** The installation's payload, or undefined when that workspace (or org) has none. */
  async get(id: InstallationIdentity): Promise<string | undefined> {
    const key = installKey(id);
    const row = await this.db
      .selectFrom('slack_installations')
      .select('sealed')
      .where('install_key', '=', key)
      .executeTakeFirst();
    return row ? this.box.open(row.sealed, key) : undefined;
  }

  /** Remove an installation (uninstall, revoked bot token); true if there was one. */
  async delete(id: InstallationIdentity): Promise<boolean> {
    const res = await this.db
      .deleteFrom('slack_installations')
      .where('install_key', '=', installKey(id))
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Installations stored (for metrics and `whip` diagnostics; no key needed). */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('slack_installations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
