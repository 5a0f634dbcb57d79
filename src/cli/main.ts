import { evaluateCommand } from './evaluate';
import { processIo, type Io } from './io';

const USAGE = `绩效自评助手 jixiao — 为预算绩效自评表计算得分

用法 Usage:
  jixiao score <file.xlsx>... [-o <out.xlsx | dir>] [--in-place] [--profile national|hubei|liaoning|<profile.json>] [--json]
      识别工作簿中的自评表，计算得分并写回（默认另存为 <name>.scored.xlsx）
  jixiao evaluate <form.json | ->
      按 JSON 输入计算得分，结果 JSON 输出到标准输出
  jixiao rollup <汇总表.xlsx> <单位表.xlsx>... [-o out.xlsx] [--weight spent|budget] [--profile …] [--json]
      汇总各单位自评表到汇总表（写入完成值、得分和“汇总明细”工作表）
  jixiao review <file.xlsx | dir>... [-o review.xlsx] [--profile …] [--json]
      审核已填写的自评表（不修改输入文件），输出审核工作簿；有发现时退出码为 1
  jixiao --help | --version
`;

type Command = (args: string[], io: Io) => Promise<number>;

async function loadScore(): Promise<Command> {
  return (await import('./score')).scoreCommand;
}

/** Runs the CLI; returns the exit code (0 ok, 1 scored with problems, 2 unusable input). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(`${require('../../package.json').version}\n`);
    return 0;
  }
  try {
    if (cmd === 'evaluate') return await evaluateCommand(rest, io);
    if (cmd === 'score') return await (await loadScore())(rest, io);
    if (cmd === 'rollup') return await (await import('./rollup')).rollupCommand(rest, io);
    if (cmd === 'review') return await (await import('./review')).reviewCommand(rest, io);
  } catch (e) {
    io.err(`内部错误（请报告此问题）：${(e as Error).stack ?? e}\n`);
    return 3;
  }
  io.err(`未知命令 “${cmd}”\n\n${USAGE}`);
  return 2;
}
