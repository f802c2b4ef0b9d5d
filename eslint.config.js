// ESLint for the scripts the app ships to browsers (make lint-js). Each file is a classic script
// (no modules) that Python fills in: __KEYS__, __CONFIG__, __PAGE__ and __THEME__ are replaced by
// the JSON the module writes before the browser sees the file.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["collapse_ui/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        __KEYS__: "readonly",
        __CONFIG__: "readonly",
        __PAGE__: "readonly",
        __THEME__: "readonly",
      },
    },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
