#!/usr/bin/env node
/* npm start: builds the add-in in development mode into dist-dev/ (never over dist-addin/, which may
 * hold a production build made with ADDIN_URL), serves it over https on localhost:3000 and sideloads
 * the manifest into Excel where Excel is installed. Without Excel (Linux, CI) it says so and keeps
 * serving, so the pane can be opened in a browser or sideloaded into Excel on the web. Ctrl+C,
 * SIGTERM or SIGHUP stop the server (also when sent to npm, which forwards them).
 *   PORT=3000            port
 *   JIXIAO_NO_SIDELOAD=1 serve only
 *   JIXIAO_CERT=selfsigned  skip office-addin-dev-certs and use a throwaway self-signed certificate */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawn } = require('child_process');
const webpack = require('webpack');
const WebpackDevServer = require('webpack-dev-server');

const ROOT = path.resolve(__dirname, '..');
const PORT = Number(process.env.PORT || 3000);
/** The development build; `npm run build` writes the production one to dist-addin/. */
const OUT = path.join(ROOT, 'dist-dev');
/** How long a graceful stop may take before the process exits anyway. */
const STOP_GRACE_MS = 3000;
const say = (zh, en) => console.log(`${zh}\n  ${en}`);

async function certificates() {
  if (process.env.JIXIAO_CERT !== 'selfsigned') {
    try {
      const devCerts = require('office-addin-dev-certs');
      if (process.platform === 'win32' || process.platform === 'darwin') {
        // Generates a developer CA and trusts it, so Excel accepts https://localhost.
        return { ...(await devCerts.getHttpsServerOptions()), trusted: true };
      }
      // Elsewhere there is no Excel desktop to trust it; generate without touching the system store.
      const { generateCertificates } = require('office-addin-dev-certs/lib/generate');
      const d = require('office-addin-dev-certs/lib/defaults');
      if (!fs.existsSync(d.localhostCertificatePath)) await generateCertificates();
      return { ca: fs.readFileSync(d.caCertificatePath), cert: fs.readFileSync(d.localhostCertificatePath), key: fs.readFileSync(d.localhostKeyPath), trusted: false };
    } catch (e) {
      say(`未能用 office-addin-dev-certs 生成开发证书（${e.message}），改用临时自签名证书。`, `office-addin-dev-certs failed (${e.message}); using a throwaway self-signed certificate.`);
    }
  }
  const selfsigned = require('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    days: 30,
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert, trusted: false };
}

function excelPath() {
  if (process.platform === 'win32') {
    const roots = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter(Boolean);
    for (const r of roots) {
      for (const v of ['root\\Office16', 'Office16', 'root\\Office15']) {
        const p = path.join(r, 'Microsoft Office', v, 'EXCEL.EXE');
        if (fs.existsSync(p)) return p;
      }
    }
    return null;
  }
  if (process.platform === 'darwin') {
    const p = '/Applications/Microsoft Excel.app';
    return fs.existsSync(p) ? p : null;
  }
  return null;
}

/** The same registration office-addin-dev-settings makes: a developer manifest Excel loads at start. */
function sideload(excel, manifest) {
  const id = (/<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(manifest, 'utf8')) || [])[1];
  if (process.platform === 'win32') {
    execFileSync('reg', ['add', 'HKCU\\Software\\Microsoft\\Office\\16.0\\WEF\\Developer', '/v', id, '/t', 'REG_SZ', '/d', manifest, '/f']);
    spawn(excel, [], { detached: true, stdio: 'ignore' }).unref();
  } else {
    const wef = path.join(os.homedir(), 'Library/Containers/com.microsoft.Excel/Data/Documents/wef');
    fs.mkdirSync(wef, { recursive: true });
    fs.copyFileSync(manifest, path.join(wef, `${id}.manifest.xml`));
    spawn('open', ['-a', excel], { detached: true, stdio: 'ignore' }).unref();
  }
}

/**
 * Stops the server on a signal — gracefully, or after STOP_GRACE_MS at the latest — and when the
 * parent goes away: npm runs this script through `sh -c`, and a SIGTERM to npm reaches only that
 * shell, which dies and leaves this process orphaned (reparented) and still serving.
 */
function stopOnSignals(server) {
  let stopping = false;
  const stop = (why) => {
    if (stopping) process.exit(1);
    stopping = true;
    say('正在停止开发服务器…', `Stopping the dev server (${why})…`);
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('parent process exited');
  }, 500).unref();
}

(async () => {
  // The dev manifest must name this server, whatever ADDIN_URL says for production builds.
  process.env.ADDIN_URL = `https://localhost:${PORT}/`;
  const config = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'development' });
  config.output = { ...config.output, path: OUT };
  const certs = await certificates();
  const server = new WebpackDevServer(
    {
      ...config.devServer,
      static: { directory: OUT },
      devMiddleware: { writeToDisk: true },
      port: PORT,
      setupExitSignals: false,
      server: { type: 'https', options: { key: certs.key, cert: certs.cert, ...(certs.ca ? { ca: certs.ca } : {}) } },
    },
    webpack(config),
  );
  stopOnSignals(server);
  await server.start();
  const url = `https://localhost:${PORT}/taskpane.html`;
  say(`任务窗格已在 ${url} 提供服务（按 Ctrl+C 停止）。`, `The task pane is served at ${url} (Ctrl+C stops).`);
  if (!certs.trusted) {
    say('证书未被系统信任：浏览器会提示风险，Excel 桌面版会拒绝加载。', 'The certificate is not trusted by this system: browsers warn, Excel desktop will refuse it.');
  }
  const manifest = path.join(OUT, 'manifest.xml');
  const excel = process.env.JIXIAO_NO_SIDELOAD === '1' ? null : excelPath();
  if (excel) {
    try {
      sideload(excel, manifest);
      say(`已在 Excel 中旁加载 ${manifest}：在“开始”选项卡找到“绩效自评”组。`, `Sideloaded ${manifest} into Excel: look for the 绩效自评 group on the Home tab.`);
    } catch (e) {
      say(`旁加载失败：${e.message}`, `Sideloading failed: ${e.message}`);
    }
  } else {
    say(
      [
        '本机未找到 Excel 桌面版，不会自动旁加载，服务仍在运行。试用方法：',
        `  · Excel 网页版：开始 → 加载项 → 更多设置/我的加载项 → 上传我的加载项，选择 ${manifest}`,
        '    （网页版要求 https 且证书受信任；请在能信任本机证书的电脑上运行，或用 ADDIN_URL=… npm run build 构建到 dist-addin 并部署到 https 服务器）',
        '  · Windows/Mac 上的 Excel：在那台电脑上运行 npm start，会自动旁加载。',
        '  · 详见 docs/manual-test.md',
      ].join('\n'),
      [
        'No Excel desktop on this machine: nothing is sideloaded, the server keeps running. To try the add-in:',
        `  · Excel on the web: Home → Add-ins → More settings/My add-ins → Upload My Add-in, pick ${manifest}`,
        '    (needs https with a trusted certificate; or build dist-addin with ADDIN_URL=… npm run build and deploy it to an https host)',
        '  · Excel on Windows/Mac: run npm start there; it sideloads automatically.',
        '  · See docs/manual-test.md',
      ].join('\n'),
    );
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
