/**
 * A Trackops whose creates are slow and everything else quick: each POST is held `ms` before it goes
 * on to the sandbox (as the sandbox's own `latency` fault holds a request before it is stored), every
 * other request passes at once. For tests that need a run still sending when they act (a stop, a
 * pause, a file changed mid-run): a slow --rate, or the sandbox's latency fault, slowed the ten-odd
 * reads of the account before the first row as well, seconds per run that such a test does not look
 * at. A POST whose client gave up meanwhile still reaches the sandbox, as one held by the sandbox's
 * latency is still stored. `ms` may be changed (0: a resume afterwards goes at its --rate, through
 * the same address, so it is the same account to the CLI).
 */
import { pass, running, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { connectionEnv, secretSandbox } from './import-helpers.ts';

export interface SlowCreateProxy extends RunningProxy {
  /** How long each POST is held from now on. */
  ms: number;
}

export async function startSlowCreateProxy(target: string, ms: number): Promise<SlowCreateProxy> {
  const state = { ms };
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method === 'POST' && state.ms > 0)
      await new Promise((resolve) => setTimeout(resolve, state.ms));
    const answer = await forward();
    if (!response.destroyed) pass(response, answer);
  });
  return Object.assign(state, running(proxy));
}

/**
 * A sandbox (secretSandbox's) behind such a proxy, `ms` per create, and the environment that reaches
 * it through the proxy; close() ends both.
 */
export async function sandboxWithSlowCreates(ms: number) {
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const slow = await startSlowCreateProxy(sandbox.baseUrl, ms);
  const env = { ...connectionEnv(sandbox), TRACKOPS_URL: slow.baseUrl };
  const close = async () => {
    await slow.close();
    await sandbox.close();
  };
  return { sandbox, slow, env, close };
}
