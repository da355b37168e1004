import type { Config } from '@timebank/config';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { createWechatDispatcher, createWechatMessenger } from '../notifications/wechat-push';
import { createReminderScheduler } from './reminders.scheduler';

/**
 * The in-process jobs main.ts starts after listening (createApp never does, so tests drive them
 * with runOnce): activity reminders every 5 minutes and the WeChat dispatcher every 10 seconds.
 * main.ts runs them only in the process holding the jobs lock (db/election.ts); should two ever
 * overlap, the database still keeps each reminder and each send single.
 */
export function startBackgroundJobs(deps: {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  wechatBaseUrl: string;
}) {
  const { db, clock, config, logger } = deps;
  const reminders = createReminderScheduler({ db, clock, logger });
  const dispatcher = createWechatDispatcher({
    db,
    logger,
    miniprogramState: config.wechat.miniprogramState,
    messenger: createWechatMessenger({
      baseUrl: deps.wechatBaseUrl,
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      timeoutMs: config.wechat.timeoutMs,
      clock,
    }),
    claimMs: Math.max(60_000, config.wechat.timeoutMs * 4),
  });

  let dispatchTimer: NodeJS.Timeout | undefined;
  let dispatching: Promise<unknown> | undefined;
  // Finished outbox rows older than 30 days are deleted, checked at most once an hour.
  let purgedAt = 0;
  const purgeHourly = async (now: Date) => {
    if (now.getTime() - purgedAt < 3600_000) return;
    purgedAt = now.getTime();
    const n = await dispatcher.purge(now);
    if (n) logger.info({ deleted: n }, 'wechat outbox purged');
  };
  const dispatchLoop = () => {
    const now = clock.now();
    dispatching = dispatcher
      .runOnce(now)
      .then(() => purgeHourly(now))
      .catch((err) => logger.error({ err }, 'wechat dispatcher failed'))
      .finally(() => {
        dispatching = undefined;
        if (dispatchTimer) dispatchTimer = setTimeout(dispatchLoop, 10_000).unref();
      });
  };

  if (config.reminders.enabled) {
    reminders.start();
    dispatchTimer = setTimeout(dispatchLoop, 2000).unref();
  }

  return {
    reminders,
    dispatcher,
    async stop() {
      if (dispatchTimer) clearTimeout(dispatchTimer);
      dispatchTimer = undefined;
      await Promise.all([reminders.stop(), dispatching]);
    },
  };
}
