/**
 * Who is calling, as the dispatcher's permission check needs it. On Slack an administrator is an admin/owner of
 * the workspace the request came from (users.info, whose answer must name that workspace as the user's: an admin
 * of another workspace in a shared channel is not an admin here) or a user listed in WHIP_SLACK_ADMINS; both may
 * also manage channels. users.info is
 * asked only when the command needs more than `everyone`, and its answer is cached briefly (the dispatcher still
 * checks the permission on every call).
 */
import type { webApi } from '@slack/bolt';
import { findCommand, type Invocation } from '../../core/commands/dispatch.js';
import type { Caller, CommandSpec } from '../../core/commands/spec.js';
import type { Logger } from '../../log.js';

/** Does this invocation's command (or subcommand) need a permission beyond `everyone`? */
export function needsPrivilege(commands: CommandSpec[], inv: Invocation): boolean {
  const spec = findCommand(commands, inv.command);
  if (!spec) return false;
  const sub = spec.subcommands?.find((s) => s.name === inv.subcommand?.toLowerCase());
  const permission = sub?.permission ?? spec.permission ?? 'everyone';
  return permission !== 'everyone';
}

export class SlackCallers {
  private readonly cache = new Map<string, { admin: boolean; at: number }>();

  constructor(
    private readonly client: InstanceType<typeof webApi.WebClient>,
    private readonly configuredAdmins: readonly string[],
    private readonly log: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `teamId`: the workspace the request came from (its tenant); without one nobody is a workspace admin.
   * `client`: that workspace's client when the app is installed in many (default the one given at construction).
   */
  async resolve(
    userId: string,
    privileged: boolean,
    teamId?: string,
    client?: InstanceType<typeof webApi.WebClient>,
  ): Promise<Caller> {
    const admin = privileged ? await this.isAdmin(userId, teamId, client) : this.configuredAdmins.includes(userId);
    return { id: userId, isAdmin: admin, canManageChannel: admin };
  }

  async isAdmin(userId: string, teamId?: string, client = this.client): Promise<boolean> {
    if (this.configuredAdmins.includes(userId)) return true;
    // Fail closed: admin of which workspace? (Feeds and digests act on the request's workspace.)
    if (!teamId) return false;
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.admin;
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user as (NonNullable<typeof res.user> & { enterprise_user?: { teams?: string[] } }) | undefined;
      // The admin flags are about the user's own workspace (or, on Enterprise Grid, the org's workspaces they
      // belong to); they say nothing about the workspace the request came from unless it is one of those.
      const member = u?.team_id === teamId || Boolean(u?.enterprise_user?.teams?.includes(teamId));
      const admin = member && Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { admin, at: this.now() });
      return admin;
    } catch (e) {
      // Fail closed: without an answer from Slack the caller is not an administrator.
      this.log.warn({ err: e, user: userId }, 'users.info failed; treating the caller as not an administrator');
      return false;
    }
  }
}
