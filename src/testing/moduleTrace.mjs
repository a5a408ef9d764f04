// `node --import ./moduleTrace.mjs …` appends the URL of every module the process loads to the
// file named by FLOWLENS_TRACE_MODULES (the tests check what each command loads).
import { register } from 'node:module';

register('./moduleTraceHooks.mjs', import.meta.url, { data: { file: process.env.FLOWLENS_TRACE_MODULES } });
