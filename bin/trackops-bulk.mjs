#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader so that `npx trackops-bulk` works right after
// `npm install`, with no build step a user must remember.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
