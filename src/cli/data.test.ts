import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { laterVintagesNote, readForModel, required, type PointInTime } from './data.ts';

describe('readForModel as of a date', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-data-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('with only a later retrieval, keeps what was usually published by then, and says so', async () => {
    const store = await openStore({ home, mode: 'write' });
    try {
      const p = (date: string, value: number) => ({ date: date as IsoDate, value });
      // Retrieved in 2026: annual income 2021 and 2022 (dated 1 January), and the Fed's weekly assets.
      await store.write({ seriesId: 'MEHOINUSA646N', points: [p('2021-01-01', 70784), p('2022-01-01', 74580)], origin: 't' }, '2026-11-01T00:00:00Z');
      await store.write({ seriesId: 'WALCL', points: [p('2023-06-21', 8_340_000), p('2023-06-28', 8_330_000)], origin: 't' }, '2026-11-01T00:00:00Z');
      const pit: PointInTime = { asOf: '2023-06-30' as IsoDate, laterVintages: [] };
      const d = await readForModel(store, ['MEHOINUSA646N', 'WALCL'], pit);
      // 2022's income came out in September 2023: not yet known on 2023-06-30; 2021's was.
      assert.deepEqual(Array.from(d.get('MEHOINUSA646N')?.dates ?? [], toIso), ['2021-01-01']);
      // Wednesday 2023-06-28's H.4.1 level was out on Thursday 29th.
      assert.deepEqual(Array.from(d.get('WALCL')?.dates ?? [], toIso), ['2023-06-21', '2023-06-28']);
      assert.deepEqual(pit.laterVintages, ['MEHOINUSA646N', 'WALCL']);
      assert.equal(laterVintagesNote(pit), 'no vintage from before 2023-06-30 for MEHOINUSA646N, WALCL: later retrievals used, each observation from its usual release date');
      assert.equal(laterVintagesNote(pit, true), 'no vintage from before 2023-06-30 for 2 series: later retrievals used, each observation from its usual release date');
      // Latest: everything, nothing flagged.
      const now: PointInTime = { laterVintages: [] };
      assert.equal((await readForModel(store, ['MEHOINUSA646N'], now)).get('MEHOINUSA646N')?.dates.length, 2);
      assert.equal(laterVintagesNote(now), undefined);
    } finally {
      await store.close();
    }
  });

  it('required says whether a series is not in the store, or stored but without an observation by the as-of date', async () => {
    const store = await openStore({ home, mode: 'write' });
    try {
      const p = (date: string, value: number) => ({ date: date as IsoDate, value });
      await store.write({ seriesId: 'VIXCLS', points: [p('1990-01-02', 17.24), p('1990-01-03', 18.19)], origin: 't' }, '2026-11-01T00:00:00Z');
      // GDP for Q1 2020 (dated 2020-01-01) came out on 29 April 2020: as of 1 February it was not known.
      await store.write({ seriesId: 'GDP', points: [p('2020-01-01', 21_538)], origin: 't' }, '2026-11-01T00:00:00Z');
      const pit: PointInTime = { asOf: '1989-12-29' as IsoDate, laterVintages: [] };
      const d = await readForModel(store, ['VIXCLS', 'VIX3M'], pit);
      assert.throws(() => required(d, 'VIXCLS', 'the VIX'), { name: 'FlowlensError', message: 'VIXCLS has no observation on or before 1989-12-29 (the VIX; VIXCLS starts 1990-01-02)' });
      assert.throws(() => required(d, 'VIX3M', 'the VIX curve'), { message: 'VIX3M is not in the store (the VIX curve); run `flowlens sync --only VIX3M` or `flowlens sync --from DIR`' });
      // On its first date it is there.
      assert.deepEqual(Array.from(required(await readForModel(store, ['VIXCLS'], { asOf: '1990-01-02' as IsoDate, laterVintages: [] }), 'VIXCLS', 'the VIX').dates, toIso), ['1990-01-02']);
      const g = await readForModel(store, ['GDP'], { asOf: '2020-02-01' as IsoDate, laterVintages: [] });
      assert.throws(() => required(g, 'GDP', 'GDP'), { message: 'GDP has no observation known on 2020-02-01 (GDP; GDP starts 2020-01-01, and its first values were usually published after 2020-02-01)' });
      // A map that is not a read can only say "not in the store".
      assert.throws(() => required(new Map(), 'VIXCLS', 'the VIX'), { message: /^VIXCLS is not in the store \(the VIX\)/ });
    } finally {
      await store.close();
    }
  });
});
