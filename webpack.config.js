/* Builds the Excel add-in into dist-addin/ (the CLI builds into dist/): taskpane.html/.js — the one
 * page of the shared runtime (task pane, ribbon command and the JIXIAO worksheet functions) —,
 * functions.js (the custom-functions script the manifest names) and functions.json, the functions'
 * metadata generated from the JSDoc of src/functions/custom-functions.ts.
 *   ADDIN_URL        where the add-in will be hosted (default https://localhost:3000/); replaces the
 *                    development URL in manifest.xml, as the Office add-in template does.
 *   OFFICE_JS_LOCAL=1 serve office.js from the @microsoft/office-js package instead of Microsoft's CDN,
 *                    for intranets that cannot reach appsforoffice.microsoft.com.
 */
'use strict';
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');

const DEV_URL = 'https://localhost:3000/';
const CDN_OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OUT = path.resolve(__dirname, 'dist-addin');
/** The Excel entry points; their JSDoc is the source of functions.json. */
const FUNCTIONS_SOURCE = path.resolve(__dirname, 'src/functions/custom-functions.ts');

function addinUrl() {
  const url = process.env.ADDIN_URL || DEV_URL;
  if (!/^https:\/\//.test(url)) throw new Error(`ADDIN_URL must be an https URL (Office requires it): ${url}`);
  return url.endsWith('/') ? url : `${url}/`;
}

/** office.js and what it loads at run time for Excel; debug builds and other hosts stay out. */
function officeJsFilter(file) {
  const rel = path.relative(path.dirname(require.resolve('@microsoft/office-js/package.json')) + '/dist', file).split(path.sep).join('/');
  if (/\.debug\.js$/.test(rel) || /\.d\.ts$/.test(rel) || /vsdoc/.test(rel)) return false;
  if (/^(access|onenote|outlook|powerpoint|word|project|visio|onenote)[^/]*\.js$/i.test(rel)) return false;
  if (/\/(access|onenote|outlook|powerpoint|word|project|visio)[^/]*$/i.test(rel)) return false;
  return true;
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const url = addinUrl();
  const localOfficeJs = process.env.OFFICE_JS_LOCAL === '1';
  const officeJs = localOfficeJs ? 'office-js/office.js' : CDN_OFFICE_JS;
  const copy = [
    { from: 'assets/*.png', to: 'assets/[name][ext]' },
    { from: 'taskpane/taskpane.css', to: 'taskpane.css' },
    { from: 'taskpane/help.html', to: 'help.html' },
    {
      from: 'manifest.xml',
      to: 'manifest.xml',
      transform: (content) => content.toString().split(DEV_URL).join(url),
    },
  ];
  if (localOfficeJs) {
    copy.push({
      from: path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist'),
      to: 'office-js',
      filter: officeJsFilter,
    });
  }
  return {
    mode,
    devtool: mode === 'development' ? 'source-map' : false,
    entry: {
      taskpane: './taskpane/src/index.ts',
      functions: './taskpane/src/functions-script.ts',
    },
    output: { path: OUT, filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { configFile: 'tsconfig.addin.json', transpileOnly: true } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ input: FUNCTIONS_SOURCE, output: 'functions.json' }),
      // Only the pane's bundle on its page: one copy of the modules, so the pane and the functions share their state.
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './taskpane/taskpane.html', chunks: ['taskpane'], officeJs }),
      new CopyWebpackPlugin({ patterns: copy }),
    ],
    devServer: {
      static: { directory: OUT },
      port: Number(process.env.PORT || 3000),
      headers: { 'Access-Control-Allow-Origin': '*' },
      hot: false,
      liveReload: false,
      client: false,
    },
  };
};
