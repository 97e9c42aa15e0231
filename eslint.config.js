// ESLint flat config: type-aware typescript-eslint rules plus the layering of DEVELOPERS.md (imports only point down).
import tseslint from 'typescript-eslint';

const layers = ['core', 'steps', 'runtime', 'emulator', 'demo'];

/**
 * Relative imports are matched per folder depth, so `../../steps/x.js` is forbidden exactly where it resolves to
 * src/steps (a regex on the specifier alone cannot tell a sibling folder from a layer). Dynamic `import()` is not
 * seen by no-restricted-imports, so the same patterns also go to no-restricted-syntax (whose selector regex may not
 * contain a slash, hence \x2F).
 */
function forbidLayers(from, forbidden, { except = [], packages } = {}) {
  const configs = [];
  for (let depth = 0; depth <= 4; depth++) {
    const up = '\\.\\./'.repeat(depth + 1);
    const regexes = [`^${up}(${forbidden.join('|')})(/|$)`];
    // `packages`: the only bare specifiers the layer may use; relative imports may not leave the folder.
    if (packages !== undefined) {
      regexes.push(`^${up}\\.\\./`, `^(?!node:|\\.|(${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$)`);
    }
    const message = `src/${from} may not import ${forbidden.map((l) => `src/${l}`).join(', ')}${packages ? ` or packages other than node:*, ${packages.join(', ')}` : ''} (DEVELOPERS.md, Layout).`;
    configs.push({
      files: [`src/${from}/${'*/'.repeat(depth)}*.ts`],
      ignores: except,
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
        'no-restricted-syntax': ['error', ...regexes.map((regex) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message }))],
      },
    });
  }
  return configs;
}

export default tseslint.config(
  {
    ignores: ['dist/', 'actions/', 'tasks/', 'schema/', 'node_modules/', 'lib/', '.tmp/', 'coverage/', 'src/emulator/arm/generated/', '**/*.js', '**/*.mjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests read back what they just created (`result.outputs.version!`, `rows[0]!`): an absent value fails the test
    // at that line with a TypeError, which is the assertion the `!` stands for. Product code may not do this.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...forbidLayers('core', layers.filter((l) => l !== 'core')),
  ...forbidLayers('steps', ['runtime', 'emulator', 'demo']),
  // The CLI's `emulator` command is the one place that starts the emulator (and Azurite from src/demo).
  ...forbidLayers('runtime', ['emulator', 'demo'], { except: ['src/runtime/cli/emulator-command.ts'] }),
  // The emulator stands beside the product: its own files, node:*, and the two libraries it signs and issues with.
  ...forbidLayers('emulator', layers.filter((l) => l !== 'emulator'), { packages: ['jose', '@peculiar/x509'] }),
);
