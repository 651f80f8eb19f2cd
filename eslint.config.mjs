// ESLint flat config: typescript-eslint's recommended rules plus the type-aware promise rules
// (a floating promise in a provider is a lost error). Formatting is Prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: [
          "./tsconfig.json",
          "./tsconfig.tests.json",
          "./examples/tsconfig.json",
          "./tests/projects/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // Provider code parses through provider/core/safe-parse.ts, which says why it skips zod's JIT.
    files: ["provider/**/*.ts"],
    ignores: ["provider/core/safe-parse.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(safeParse|parse)$/][callee.object.name!=/^(JSON|Date)$/]",
          message: "Parse with safeParse from provider/core/safe-parse.ts.",
        },
      ],
    },
  },
  prettier,
);
