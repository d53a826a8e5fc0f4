/**
 * Who is calling, as the dispatcher's permission check needs it. On Slack an administrator is a workspace
 * admin/owner (users.info) or a user listed in WHIP_SLACK_ADMINS; both may also manage channels. users.info is
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

  async resolve(userId: string, privileged: boolean): Promise<Caller> {
    const admin = privileged ? await this.isAdmin(userId) : this.configuredAdmins.includes(userId);
    return { id: userId, isAdmin: admin, canManageChannel: admin };
  }

  async isAdmin(userId: string): Promise<boolean> {
    if (this.configuredAdmins.includes(userId)) return true;
    const hit = this.cache.get(userId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.admin;
    try {
      const res = await this.client.users.info({ user: userId });
      const u = res.user;
      const admin = Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(userId, { admin, at: this.now() });
      return admin;
    } catch (e) {
      // Fail closed: without an answer from Slack the caller is not an administrator.
      this.log.warn({ err: e, user: userId }, 'users.info failed; treating the caller as not an administrator');
      return false;
    }
  }
}
