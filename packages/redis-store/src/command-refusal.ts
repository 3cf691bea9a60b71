import { ReplyError } from 'ioredis';

/**
 * Whether Redis refused one command for what is stored at its key (WRONGTYPE: another kind of
 * value there), or a script failed on it (an error raised inside a script names
 * `@user_script`): waiting cannot change that, so it is the fault of the one message or
 * customer, never a reason to retry the batch. Failures of the server or the connection
 * (LOADING, OOM, READONLY, a closed socket) are not refusals: they pass when Redis recovers.
 */
export function isCommandRefusal(error: Error): boolean {
  return (
    error instanceof ReplyError &&
    (/^WRONGTYPE\b/.test(error.message) || error.message.includes('@user_script'))
  );
}
