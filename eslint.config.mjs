import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", ".test-output/**", "lib/generated/**", "node_modules/**", ".data/**", ".mail/**", "next-env.d.ts", "playwright-report/**", "test-results/**"] },
];

export default config;
