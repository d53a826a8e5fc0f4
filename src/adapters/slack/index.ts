/**
 * The Slack adapter (Bolt): HTTP mode on PORT/HOST with signed requests, or Socket Mode when SLACK_APP_TOKEN is
 * set. `SLACK_API_URL` redirects every Web API call (Enterprise/GovSlack, or a loopback fake in tests). The bot
 * token is checked with auth.test before anything starts, so a bad token is one clear line, not a stack trace.
 *
 * Many workspaces: with SLACK_CLIENT_ID instead of SLACK_BOT_TOKEN, Bolt's OAuth flow serves /slack/install and
 * /slack/oauth_redirect, installations live in the store (tokens sealed with WHIP_SECRET_KEY), and every request
 * is answered with the token of the workspace it came from.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import type { Services } from '../../core/services.js';
import { describeError } from '../../log.js';
import { SecretBox } from '../../store/secretBox.js';
import { SlackInstallationStore } from '../../store/slackInstallations.js';
import type { RunningAdapter } from '../types.js';
import { SlackCallers } from './callers.js';
import { registerHandlers } from './handlers.js';
import { databaseInstallationStore, oauthSecretKey, WorkspaceClients } from './installations.js';
import { boltLogger } from './logger.js';
import { BOT_SCOPES } from './manifest.js';
import { ChannelPacer, createSlackPoster } from './poster.js';

/** Bounded retries for Web API calls: a 429 waits Slack's Retry-After, then up to 3 tries in all ~8 s of backoff. */
export const SLACK_RETRY_CONFIG = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true };
/** Per-call timeout of Web API requests. */
export const SLACK_TIMEOUT_MS = 15_000;

/** Thrown when Slack cannot be started; its message is the one line the CLI prints. */
export class SlackStartError extends Error {
  override name = 'SlackStartError';
}

export interface SlackStartOptions {
  /** Override config.PORT (0 = any free port; tests and the benchmark). */
  port?: number;
  /** Override config.HOST. */
  host?: string;
  /** Minimum gap between two posts to one channel (default 1000 ms). */
  channelIntervalMs?: number;
  /** Budget for answering a slash command inside its ack (default 1500 ms; 0 = always ack empty, answer later). */
  inlineBudgetMs?: number;
}

export interface SlackAdapter extends RunningAdapter {
  /** The port the HTTP receiver listens on (HTTP mode only). */
  port?: number;
  mode: 'http' | 'socket';
  /** The bot user (single-workspace mode; each OAuth installation has its own). */
  botUserId?: string;
  /** Installed in many workspaces through OAuth (SLACK_CLIENT_ID). */
  oauth: boolean;
}

const AUTH_FAILURES: Record<string, string> = {
  invalid_auth:
    'SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): check the bot token and that the app is installed',
  not_authed: 'SLACK_BOT_TOKEN was not accepted by Slack (not_authed)',
  account_inactive: 'the Slack bot user is deactivated (account_inactive): reinstall the app to the workspace',
  token_revoked: 'SLACK_BOT_TOKEN has been revoked (token_revoked): reinstall the app and use the new token',
  token_expired: 'SLACK_BOT_TOKEN has expired (token_expired)',
};

function apiBase(url: string | undefined): string | undefined {
  return url ? `${url.replace(/\/+$/, '')}/` : undefined;
}

/** auth.test with the bot token; any failure becomes a SlackStartError with one clear line. */
async function verifyToken(client: InstanceType<typeof webApi.WebClient>, apiUrl: string) {
  try {
    const res = await client.auth.test();
    if (!res.user_id) throw new SlackStartError('slack: auth.test did not return the bot user id');
    return { botUserId: res.user_id, botId: res.bot_id, teamId: res.team_id, team: res.team };
  } catch (e) {
    if (e instanceof SlackStartError) throw e;
    const err = e as { code?: string; data?: { error?: string } };
    if (err.code === webApi.ErrorCode.PlatformError) {
      const code = err.data?.error ?? 'unknown_error';
      throw new SlackStartError(`slack: ${AUTH_FAILURES[code] ?? `auth.test failed (${code})`}`);
    }
    throw new SlackStartError(`slack: cannot reach the Slack Web API at ${apiUrl} (${describeError(e)})`);
  }
}

export async function startSlack(services: Services, options: SlackStartOptions = {}): Promise<SlackAdapter> {
  const { config } = services;
  const log = services.log.child({ adapter: 'slack' });
  const token = config.SLACK_BOT_TOKEN;
  const oauth = Boolean(config.SLACK_CLIENT_ID);
  if (!token && !oauth) throw new SlackStartError('slack: SLACK_BOT_TOKEN (or SLACK_CLIENT_ID for OAuth) is not set');
  const socketMode = Boolean(config.SLACK_APP_TOKEN) && !oauth;
  const slackApiUrl = apiBase(config.SLACK_API_URL);
  const logger = boltLogger(log);
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: SLACK_RETRY_CONFIG,
    timeout: SLACK_TIMEOUT_MS,
    logger,
  };

  const identity = token
    ? await verifyToken(
        new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 1, minTimeout: 500 } }),
        slackApiUrl ?? 'https://slack.com/api/',
      )
    : undefined;
  const installations = oauth
    ? new SlackInstallationStore(services.db, new SecretBox(oauthSecretKey(config)))
    : undefined;

  const app = new App({
    ...(installations
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET,
          stateSecret: config.SLACK_STATE_SECRET,
          scopes: Object.keys(BOT_SCOPES),
          installationStore: databaseInstallationStore(installations, log),
          // The code exchange (oauth.v2.access) goes where every other Web API call goes.
          installerOptions: { clientOptions },
        }
      : {
          token,
          botUserId: identity?.botUserId,
          ...(identity?.botId ? { botId: identity.botId } : {}),
        }),
    logger,
    clientOptions,
    convoStore: false,
    ...(socketMode
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN }
      : {
          signingSecret: config.SLACK_SIGNING_SECRET ?? '',
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'text/plain' });
                res.end('ok');
              },
            },
          ],
        }),
  });
  app.error(async (error) => {
    log.error({ err: error }, `slack listener error: ${describeError(error)}`);
  });

  const client = app.client;
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfter: number, info: { url?: string }) => {
    const method = info?.url?.split('/').pop();
    log.warn({ method, retryAfterSeconds: retryAfter }, 'slack rate limited; retrying after Retry-After');
  });

  const pacer = new ChannelPacer(options.channelIntervalMs ?? 1000);
  const callers = new SlackCallers(client, config.WHIP_SLACK_ADMINS, log);
  registerHandlers(app, {
    services,
    client,
    callers,
    pacer,
    log,
    botUserId: identity?.botUserId ?? '',
    inlineBudgetMs: options.inlineBudgetMs,
    ...(installations ? { uninstall: async (who) => void (await installations.delete(who)) } : {}),
  });

  // Digests post through their own client: a 429 is handed back at once (with Retry-After) for the scheduler.
  const posterClient = (botToken: string | undefined) =>
    new webApi.WebClient(botToken, {
      ...clientOptions,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 1, minTimeout: 500 },
    });
  if (installations) {
    const workspaces = new WorkspaceClients(installations, posterClient);
    services.posters.slack = createSlackPoster({ clientFor: (id) => workspaces.forWorkspace(id), pacer, log });
  } else {
    services.posters.slack = createSlackPoster({ client: posterClient(token), pacer, log });
  }

  let port: number | undefined;
  try {
    if (socketMode) {
      await app.start();
    } else {
      const host = options.host ?? config.HOST;
      const server = (await app.start({ port: options.port ?? config.PORT, host })) as Server;
      port = (server.address() as AddressInfo).port;
      log.info(
        { host, port, endpoint: '/slack/events', ...(oauth ? { install: '/slack/install' } : {}) },
        oauth
          ? 'slack: listening for signed requests; installs at /slack/install'
          : 'slack: listening for signed requests',
      );
    }
  } catch (e) {
    delete services.posters.slack;
    const err = e as { code?: string; data?: { error?: string } };
    if (socketMode && err.code === webApi.ErrorCode.PlatformError) {
      throw new SlackStartError(
        `slack: SLACK_APP_TOKEN was rejected by Slack (${err.data?.error}): use an app-level token with connections:write`,
      );
    }
    const where = socketMode ? 'Socket Mode' : `${options.host ?? config.HOST}:${options.port ?? config.PORT}`;
    throw new SlackStartError(`slack: cannot start (${where}): ${describeError(e)}`);
  }
  if (socketMode) log.info({ team: identity?.team }, 'slack: connected in Socket Mode');

  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',
    port,
    oauth,
    ...(identity ? { botUserId: identity.botUserId } : {}),
    async stop() {
      if (services.posters.slack) delete services.posters.slack;
      await app.stop().catch((e: unknown) => log.warn({ err: e }, 'slack: error while stopping'));
    },
  };
}
