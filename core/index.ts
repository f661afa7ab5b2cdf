/** core's only public surface: hosts (cli, main, sandbox, bench) import from here. */
export * from './errors.ts';
export type * from './problems/problem.ts';
export type * from './read/types.ts';
export * from './account/reference.ts';
export type * from './api/types.ts';
export type * from './validate/types.ts';
