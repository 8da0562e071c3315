import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const config = [
  ...next,
  ...nextTs,
  // Layout is Prettier's (npm run format): no ESLint rule may disagree with it.
  prettier,
  // `const { hidden, ...rest } = row` is how a field is left out of an object: not an unused variable.
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }] } },
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      ".test-output/**",
      "lib/generated/**",
      "node_modules/**",
      ".data/**",
      ".mail/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
    ],
  },
];

export default config;
