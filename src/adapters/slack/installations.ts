/**
 * Slack for many workspaces: Bolt's InstallationStore over the store's sealed installations, and the Web API
 * client a digest needs for a given workspace. Every instance reads the same rows, so a workspace installed
 * through one instance is served by all, and an uninstall seen by one is gone for all.
 */
import type { Installation, InstallationQuery, InstallationStore, webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { parseSecretKey } from '../../store/secretBox.js';
import type { InstallationIdentity, SlackInstallationStore } from '../../store/slackInstallations.js';

type Client = InstanceType<typeof webApi.WebClient>;

/** Thrown when a workspace has no installation (never installed, or uninstalled since). */
export class NotInstalledError extends Error {
  override name = 'NotInstalledError';
}

function identityOf(i: Installation): InstallationIdentity {
  return { teamId: i.team?.id, enterpriseId: i.enterprise?.id, isEnterpriseInstall: Boolean(i.isEnterpriseInstall) };
}

function identityOfQuery(q: InstallationQuery<boolean>): InstallationIdentity {
  return { teamId: q.teamId, enterpriseId: q.enterpriseId, isEnterpriseInstall: Boolean(q.isEnterpriseInstall) };
}

/** Bolt's InstallationStore on the database: store on the OAuth redirect, fetch per request, delete on uninstall. */
export function databaseInstallationStore(store: SlackInstallationStore, log: Logger): InstallationStore {
  return {
    async storeInstallation(installation) {
      const id = identityOf(installation);
      await store.put({ ...id, botUserId: installation.bot?.userId, payload: JSON.stringify(installation) });
      // Which workspace, never the token.
      log.info(
        { team: id.teamId, enterprise: id.enterpriseId, orgWide: id.isEnterpriseInstall },
        'slack: app installed',
      );
    },
    async fetchInstallation(query) {
      const payload = await store.get(identityOfQuery(query));
      if (!payload) {
        throw new NotInstalledError(`no Slack installation for ${query.enterpriseId ?? ''}${query.teamId ?? ''}`);
      }
      return JSON.parse(payload) as Installation;
    },
    async deleteInstallation(query) {
      const id = identityOfQuery(query);
      if (await store.delete(id)) log.info({ team: id.teamId, enterprise: id.enterpriseId }, 'slack: app uninstalled');
    },
  };
}

/** Bot tokens of installed workspaces, as Web API clients (one per token, kept while the token is unchanged). */
export class WorkspaceClients {
  private readonly clients = new Map<string, { token: string; client: Client }>();

  constructor(
    private readonly store: SlackInstallationStore,
    private readonly makeClient: (token: string) => Client,
    /** Clients kept at most (one per workspace posting digests); the oldest is dropped past it. */
    private readonly max = 1_000,
  ) {}

  /**
   * The client for a workspace (a Slack team id; an org-wide install is found through the team's enterprise by
   * Bolt, but digests are subscribed per workspace). Read from the store every time, so an uninstall on any
   * instance takes effect at once; NotInstalledError when there is no installation.
   */
  async forWorkspace(teamId: string | undefined): Promise<Client> {
    if (!teamId) throw new NotInstalledError('no Slack workspace given');
    const payload = await this.store.get({ teamId, isEnterpriseInstall: false });
    const token = payload ? (JSON.parse(payload) as Installation).bot?.token : undefined;
    if (!token) throw new NotInstalledError(`Whip is not installed in Slack workspace ${teamId}`);
    const hit = this.clients.get(teamId);
    if (hit && hit.token === token) return hit.client;
    const client = this.makeClient(token);
    this.clients.delete(teamId);
    this.clients.set(teamId, { token, client });
    if (this.clients.size > this.max) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
    return client;
  }
}

/** The key sealing OAuth installations, from WHIP_SECRET_KEY (the config check refuses a bad or missing one). */
export function oauthSecretKey(config: Pick<Config, 'WHIP_SECRET_KEY'>): Buffer {
  const key = config.WHIP_SECRET_KEY ? parseSecretKey(config.WHIP_SECRET_KEY) : undefined;
  if (!key) throw new Error('slack: WHIP_SECRET_KEY (32 bytes, 64 hex characters) is required with SLACK_CLIENT_ID');
  return key;
}
