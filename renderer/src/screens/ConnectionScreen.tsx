import { useEffect, useState } from 'react';
import {
  REFERENCE_LISTS,
  type AccountCheckView,
  type ProfileView,
  type ProfilesView,
} from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { CheckFindings } from '../components/CheckFindings.tsx';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';

interface Draft {
  id?: string;
  name: string;
  baseUrl: string;
  user: string;
  token: string;
  require_client_address: boolean;
  require_client_phone: boolean;
  /** As typed: checked on save. */
  ratePerSecond: string;
  concurrency: number;
  /** Seconds before the second look for a create whose answer was lost, as typed; blank: the default. */
  recheckAfterSeconds: string;
  /** Where the account serves each reference list, as typed; blank: as assumed (or as the test found). */
  referencePaths: Partial<Record<ReferenceList, string>>;
}

type ReferenceList = (typeof REFERENCE_LISTS)[number];

/** The reference lists as the profile form names them. */
const LIST_LABELS: Record<ReferenceList, string> = {
  case_types: 'Case types',
  case_regions: 'Case regions',
  case_services: 'Case services',
  case_flags: 'Case flags',
  referral_sources: 'Referral sources',
  company_locations: 'Company locations',
  subject_types: 'Subject types',
  fields: 'Custom field definitions',
};

const EMPTY: Draft = {
  name: '',
  baseUrl: 'https://',
  user: '',
  token: '',
  require_client_address: false,
  require_client_phone: false,
  ratePerSecond: '1',
  concurrency: 1,
  recheckAfterSeconds: '',
  referencePaths: {},
};

/** The requests per second the form accepts (0.1 to 50), as typed; null for anything else. */
function rateOf(typed: string): number | null {
  const rate = Number(typed.replace(',', '.'));
  return typed.trim() !== '' && Number.isFinite(rate) && rate >= 0.1 && rate <= 50 ? rate : null;
}

/** "about 17 min" for 1,000 rows at this pace (one request per row; reference reads are few). */
function thousandRows(ratePerSecond: number): string {
  const minutes = Math.round(1000 / ratePerSecond / 60);
  return minutes >= 1 ? `about ${minutes} min` : 'under a minute';
}

function draftOf(profile: ProfileView): Draft {
  return {
    id: profile.id,
    name: profile.name,
    // A stored address that held the token is offered without it: saving the profile fixes it.
    baseUrl: profile.addressProblem?.suggestion ?? profile.baseUrl,
    user: profile.user,
    token: '',
    ...profile.settings,
    ratePerSecond: String(profile.pace.ratePerSecond),
    concurrency: profile.pace.concurrency,
    recheckAfterSeconds: String(profile.recheckAfterSeconds),
    referencePaths: { ...profile.referencePaths },
  };
}

/** `host:port` of a typed address, as main compares them; '' while it is not a URL yet. */
function hostOf(address: string): string {
  try {
    return new URL(address.trim()).host;
  } catch {
    return '';
  }
}

/** What the last test found about one list, when it differs from the assumed path: said under its input. */
function foundAt(check: AccountCheckView | undefined, list: ReferenceList, assumed: string): string | null {
  if (!check || !(list in check.use.referencePaths)) return null;
  const found = check.use.referencePaths[list];
  if (found === null) return 'The last test found no list at this path: its checks are off.';
  return found && found !== assumed ? `The last test read it at ${found}.` : null;
}

export function ConnectionScreen({
  profiles,
  onChange,
}: {
  profiles: ProfilesView;
  onChange: (next: ProfilesView) => void;
}) {
  const [selectedId, setSelectedId] = useState(profiles.activeId);
  const selected = profiles.profiles.find((profile) => profile.id === selectedId) ?? null;
  const [draft, setDraft] = useState<Draft>(
    selected && selected.kind === 'account' ? draftOf(selected) : EMPTY,
  );
  const [adding, setAdding] = useState(false);
  const [checkMessage, setCheckMessage] = useState<string | null>(null);
  /** The findings of a test run on this screen (the stored ones otherwise). */
  const [tested, setTested] = useState<{ id: string; check: AccountCheckView } | null>(null);
  const save = useAction();
  const test = useAction();

  useEffect(() => {
    setCheckMessage(null);
    test.setError(null);
    if (selected?.kind === 'account') setDraft(draftOf(selected));
    // Only when the selection changes: editing the draft must not be reset by a reload.
  }, [selectedId]);

  const choose = async (id: string) => {
    setAdding(false);
    setSelectedId(id);
    const next = await save.run(() => call('selectProfile', { id }));
    if (next) onChange(next);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const rate = rateOf(draft.ratePerSecond);
    if (rate === null) {
      save.setError('Requests per second: enter a number from 0.1 to 50, e.g. 1 or 2.5.');
      return;
    }
    const recheckText = draft.recheckAfterSeconds.trim().replace(',', '.');
    const recheck = Number(recheckText);
    if (recheckText !== '' && (!/^\d+(\.\d+)?$/.test(recheckText) || recheck > 3600)) {
      save.setError(
        'Look again for a lost send after: enter a number of seconds from 0 to 3600, e.g. 10 or 0.5.',
      );
      return;
    }
    const referencePaths: Partial<Record<ReferenceList, string>> = {};
    for (const list of REFERENCE_LISTS) {
      const path = (draft.referencePaths[list] ?? '').trim().replace(/^\/+|\/+$/g, '');
      if (path === '') continue;
      if (!/^[\w./-]+$/.test(path)) {
        save.setError(
          `${LIST_LABELS[list]}: enter a path like ${profiles.assumedReferencePaths[list]} (letters, digits, / . - _), or leave it blank.`,
        );
        return;
      }
      referencePaths[list] = path;
    }
    const next = await save.run(() =>
      call('saveProfile', {
        pace: { ratePerSecond: rate, concurrency: draft.concurrency },
        ...(recheckText === '' ? {} : { recheckAfterSeconds: recheck }),
        referencePaths,
        ...(draft.id ? { id: draft.id } : {}),
        name: draft.name,
        baseUrl: draft.baseUrl,
        user: draft.user,
        ...(draft.token ? { token: draft.token } : {}),
        settings: {
          require_client_address: draft.require_client_address,
          require_client_phone: draft.require_client_phone,
        },
      }),
    );
    if (next) {
      onChange(next);
      setAdding(false);
      setSelectedId(next.activeId);
      setDraft((current) => ({ ...current, token: '' }));
    }
  };

  const remove = async () => {
    if (!selected || selected.kind !== 'account') return;
    const next = await save.run(() => call('deleteProfile', { id: selected.id }));
    if (next) {
      onChange(next);
      setSelectedId(next.activeId);
    }
  };

  const runTest = async () => {
    setCheckMessage(null);
    const id = selectedId;
    const result = await test.run(() => call('testConnection', { id }));
    if (result) {
      setCheckMessage(result.message);
      setTested({ id, check: result.check });
      // The findings are stored with the profile: the list the rest of the app sees says so too.
      const next = await call('listProfiles', {}).catch(() => null);
      if (next) onChange(next);
    }
  };

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const editing = adding || selected?.kind === 'account';
  const check = adding
    ? undefined
    : tested?.id === selectedId
      ? tested.check
      : (selected?.check ?? undefined);
  const pace = rateOf(draft.ratePerSecond);
  // The stored token is kept for the host it was entered for (main refuses to send it elsewhere): an
  // edit that moves the profile to another host asks for that host's token before it is saved.
  const storedHost = !adding && selected?.kind === 'account' ? hostOf(selected.baseUrl) : null;
  const newHost = storedHost !== null && hostOf(draft.baseUrl) !== storedHost ? hostOf(draft.baseUrl) : null;
  const pathsSet = Object.values(draft.referencePaths).some((path) => path?.trim());

  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="profiles-title">
        <h2 id="profiles-title">Connections</h2>
        <ul className="profile-list">
          {profiles.profiles.map((profile) => (
            <li key={profile.id}>
              <button
                className="profile-item"
                aria-current={!adding && profile.id === selectedId}
                onClick={() => void choose(profile.id)}
              >
                <span className="name">
                  {profile.name}
                  {profile.id === profiles.activeId && <span className="badge ok">in use</span>}
                </span>
                <span className="where">
                  {profile.kind === 'sandbox' ? 'Runs on this computer' : profile.baseUrl}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="actions" style={{ justifyContent: 'flex-start' }}>
          <button
            className="btn"
            onClick={() => {
              setAdding(true);
              setDraft(EMPTY);
              setCheckMessage(null);
            }}
          >
            Add account…
          </button>
        </div>
        <p className="small muted">{profiles.tokenStorage}</p>
      </section>

      <div>
        <section className="card" aria-labelledby="profile-title">
          {editing ? (
            <form onSubmit={(event) => void submit(event)}>
              <h2 id="profile-title">{adding ? 'New account connection' : draft.name}</h2>
              <p className="muted">
                Ask your Trackops administrator for the account address and an API token (Trackops: Settings ›
                API). The user must be an active Full Access employee; everything the import does is logged
                against that user.
              </p>
              {!adding && selected?.checkUnreadable && !selected.check && (
                <Notice kind="warn">{selected.checkUnreadable}</Notice>
              )}
              {!adding && selected?.addressProblem && (
                <Notice kind="warn">
                  {selected.addressProblem.message}{' '}
                  {selected.addressProblem.suggestion
                    ? 'The address below is that one: check it and click "Save and use".'
                    : 'Enter the address below, then click "Save and use".'}
                </Notice>
              )}
              <div className="form-grid">
                <label className="field">
                  <span>Profile name</span>
                  <input
                    type="text"
                    value={draft.name}
                    onChange={(e) => set('name', e.target.value)}
                    required
                  />
                </label>
                <label className="field">
                  <span>Account API address</span>
                  <input
                    type="text"
                    value={draft.baseUrl}
                    onChange={(e) => set('baseUrl', e.target.value)}
                    placeholder="https://acme.viewcases.com/api/v1"
                    required
                  />
                </label>
                <label className="field">
                  <span>Trackops user name</span>
                  <input
                    type="text"
                    value={draft.user}
                    onChange={(e) => set('user', e.target.value)}
                    required
                  />
                </label>
                <label className="field">
                  <span>API token</span>
                  <input
                    type="password"
                    value={draft.token}
                    autoComplete="off"
                    onChange={(e) => set('token', e.target.value)}
                    placeholder={
                      adding
                        ? ''
                        : newHost
                          ? 'Enter the token for the new address'
                          : 'Stored — leave blank to keep it'
                    }
                    required={adding || newHost !== null}
                    aria-describedby={newHost ? 'token-new-host' : undefined}
                  />
                  {newHost && (
                    <span id="token-new-host" className="small muted">
                      The address now points at {newHost || 'another address'}: the token stored for{' '}
                      {storedHost} is not sent there. Enter the API token for the new address.
                    </span>
                  )}
                </label>
              </div>
              <fieldset style={{ marginTop: 12 }}>
                <legend>Account rules (General Case Settings)</legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={draft.require_client_address}
                    onChange={(e) => set('require_client_address', e.target.checked)}
                  />
                  Require Client Address
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={draft.require_client_phone}
                    onChange={(e) => set('require_client_phone', e.target.checked)}
                  />
                  Require Client Phone
                </label>
                <p className="small muted" style={{ marginTop: 6 }}>
                  The API cannot read these two settings; tick them as they are set in Trackops so the dry run
                  checks the same rules.
                </p>
              </fieldset>
              <fieldset style={{ marginTop: 12 }}>
                <legend>Speed</legend>
                <div className="row">
                  <label className="field">
                    <span>Requests per second</span>
                    <input
                      type="number"
                      min={0.1}
                      max={50}
                      step={0.1}
                      value={draft.ratePerSecond}
                      onChange={(e) => set('ratePerSecond', e.target.value)}
                      style={{ width: 120 }}
                    />
                  </label>
                  <label className="field">
                    <span>Requests at once</span>
                    <select
                      value={draft.concurrency}
                      onChange={(e) => set('concurrency', Number(e.target.value))}
                    >
                      {[1, 2, 3, 4].map((count) => (
                        <option key={count} value={count}>
                          {count}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    <span>Look again for a lost send after (seconds)</span>
                    <input
                      type="number"
                      min={0}
                      max={3600}
                      step={0.5}
                      placeholder="10"
                      value={draft.recheckAfterSeconds}
                      onChange={(e) => set('recheckAfterSeconds', e.target.value)}
                      style={{ width: 120 }}
                    />
                  </label>
                </div>
                <p className="small muted" style={{ marginTop: 6 }}>
                  When a new request was sent but its answer was lost, the app looks for it in Trackops before
                  ever sending it again: half a second later, then again after this many seconds (10 unless
                  you change it; the command line's --recheck-after). Raise it if this account&apos;s lists
                  are slow to show new requests.
                </p>
                <p className="small muted" style={{ marginTop: 6 }}>
                  Every request to this account keeps this pace: sending, the dry run, exports and the
                  connection test. Trackops does not publish its limit: 1 per second, one at a time, is safe
                  on a shared account; raise it only if your Trackops administrator agrees.{' '}
                  {/* Only a pace the form accepts is worked out (explored: "At -1 per second…", and "At 1"
                      for a box holding 0). */}
                  {pace === null
                    ? `${draft.ratePerSecond.trim() === '' ? 'No pace is set' : `"${draft.ratePerSecond}" is not a pace the app can use`}: enter a number of requests per second from 0.1 to 50, e.g. 1 or 2.5.`
                    : `At ${pace.toLocaleString('en-US')} per second, 1,000 rows take ${thousandRows(pace)}.`}{' '}
                  If Trackops asks us to slow down, the app waits and slows down by itself.
                </p>
              </fieldset>
              <details className="advanced" open={pathsSet}>
                <summary>Advanced: where the account serves its lists</summary>
                <p className="small muted">
                  Trackops does not publish where an account serves its reference lists; the tool assumes the
                  paths shown (after the account's API address). Fill in a path only if your account serves a
                  list elsewhere, e.g. <code>regions</code>. Blank: as assumed, or where the last test found
                  it.
                </p>
                <div className="form-grid">
                  {REFERENCE_LISTS.map((list) => {
                    const assumed = profiles.assumedReferencePaths[list];
                    const found = foundAt(check, list, assumed);
                    return (
                      <div key={list}>
                        <label className="field">
                          <span>{LIST_LABELS[list]}</span>
                          <input
                            type="text"
                            value={draft.referencePaths[list] ?? ''}
                            placeholder={assumed}
                            aria-describedby={found ? `found-${list}` : undefined}
                            onChange={(e) =>
                              set('referencePaths', { ...draft.referencePaths, [list]: e.target.value })
                            }
                          />
                        </label>
                        {found && (
                          <p id={`found-${list}`} className="small muted" style={{ margin: '4px 0 0' }}>
                            {found}
                          </p>
                        )}
                      </div>
                    );
                  })}
                </div>
              </details>
              {save.error && <Notice kind="error">{save.error}</Notice>}
              <div className="actions">
                {!adding && (
                  <button
                    type="button"
                    className="btn danger"
                    onClick={() => void remove()}
                    disabled={save.busy}
                  >
                    Remove
                  </button>
                )}
                {adding && (
                  <button type="button" className="btn" onClick={() => setAdding(false)}>
                    Cancel
                  </button>
                )}
                {!adding && (
                  <button type="button" className="btn" onClick={() => void runTest()} disabled={test.busy}>
                    {test.busy ? 'Testing…' : 'Test connection'}
                  </button>
                )}
                <button type="submit" className="btn primary" disabled={save.busy}>
                  {save.busy ? 'Saving…' : 'Save and use'}
                </button>
              </div>
            </form>
          ) : (
            selected && (
              <div>
                <h2 id="profile-title">{selected.name}</h2>
                <p>
                  A practice account that runs inside this app, filled with demo reference data (case types,
                  regions, services, subject types and custom fields). Try a whole import and export here
                  first: nothing reaches Trackops.
                </p>
                <p className="small muted">
                  Address: {selected.baseUrl} · user {selected.user} · {selected.pace.ratePerSecond} requests
                  per second, {selected.pace.concurrency} at once (it runs on this computer)
                </p>
                <div className="actions" style={{ justifyContent: 'flex-start' }}>
                  <button className="btn" onClick={() => void runTest()} disabled={test.busy}>
                    {test.busy ? 'Testing…' : 'Test connection'}
                  </button>
                </div>
              </div>
            )
          )}
          {checkMessage && <Notice kind={check?.unsafe.length ? 'warn' : 'ok'}>{checkMessage}</Notice>}
          {test.error && <Notice kind="error">{test.error}</Notice>}
        </section>
        {check && !test.busy && !test.error && <CheckFindings check={check} />}
      </div>
    </div>
  );
}
