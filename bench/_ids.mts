import { CATALOG } from '../src/series/catalog.ts';
console.log(CATALOG.filter((e) => e.source === 'fred').length, CATALOG.filter((e) => e.source === 'fred').slice(0, 50).map((e) => e.id).join(','));
