import { useCallback, useEffect, useState } from 'react';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { call, messageOf } from './bridge.ts';
import { HEALTH_WORDS, useConnectionHealth } from './components/connection-health.ts';
import { Notice } from './components/Notice.tsx';
import { ConnectionScreen } from './screens/ConnectionScreen.tsx';
import { ExportScreen } from './screens/ExportScreen.tsx';
import { ImportWizard } from './import/ImportWizard.tsx';

type Screen = 'connection' | 'import' | 'export';
const SCREENS: { id: Screen; label: string }[] = [
  { id: 'import', label: 'Import' },
  { id: 'export', label: 'Export' },
  { id: 'connection', label: 'Connection' },
];

export function App() {
  const [screen, setScreen] = useState<Screen>('import');
  const [profiles, setProfiles] = useState<ProfilesView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setProfiles(await call('listProfiles', {}));
      setLoadError(null);
    } catch (error) {
      setLoadError(messageOf(error));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const active = profiles?.profiles.find((profile) => profile.id === profiles.activeId) ?? null;
  const health = useConnectionHealth(active?.id ?? null, active?.kind === 'sandbox');

  const onTabKey = (event: React.KeyboardEvent, index: number) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = (index + (event.key === 'ArrowRight' ? 1 : SCREENS.length - 1)) % SCREENS.length;
    const target = SCREENS[next];
    if (target) {
      setScreen(target.id);
      document.getElementById(`tab-${target.id}`)?.focus();
    }
  };

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Trackops Bulk</span>
        <nav className="tabs" role="tablist" aria-label="Screens">
          {SCREENS.map((item, index) => (
            <button
              key={item.id}
              id={`tab-${item.id}`}
              className="tab"
              role="tab"
              aria-selected={screen === item.id}
              aria-controls="screen"
              tabIndex={screen === item.id ? 0 : -1}
              onClick={() => setScreen(item.id)}
              onKeyDown={(event) => onTabKey(event, index)}
            >
              {item.label}
            </button>
          ))}
        </nav>
        {active && (
          <span className="connection-pill" aria-live="polite" title={HEALTH_WORDS[health]}>
            <span className={`dot ${health}`} aria-hidden="true" />
            {active.kind === 'sandbox' ? 'Practice sandbox' : active.name}
            <span className="sr-only">: {HEALTH_WORDS[health]}</span>
          </span>
        )}
      </header>
      <main className="content" id="screen" role="tabpanel" aria-labelledby={`tab-${screen}`}>
        {loadError && <Notice kind="error">{loadError}</Notice>}
        {profiles && (
          <>
            <div hidden={screen !== 'connection'}>
              <ConnectionScreen profiles={profiles} onChange={setProfiles} />
            </div>
            <div hidden={screen !== 'import'}>
              <ImportWizard profileId={profiles.activeId} profileName={active?.name ?? ''} />
            </div>
            <div hidden={screen !== 'export'}>
              <ExportScreen profileId={profiles.activeId} profileName={active?.name ?? ''} />
            </div>
          </>
        )}
      </main>
    </div>
  );
}
