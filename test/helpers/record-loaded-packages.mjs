// Loaded with `node --import` (Node >= 22.15): records every module the process resolves, through Node's
// synchronous hooks (ESM imports and require alike), and writes their URLs as JSON to the file named by
// IMAGE_PUBLISH_LOADED_MODULES_FILE when the process exits. Tests read which packages a command loaded.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.IMAGE_PUBLISH_LOADED_MODULES_FILE;
const urls = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    urls.add(resolved.url);
    return resolved;
  },
});
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify([...urls]));
});
