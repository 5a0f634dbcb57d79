/** Help texts, Chinese first; `--help` on every command prints its own and exits 0. */

export const SCORE_USAGE = 'jixiao score <file.xlsx>... [-o <out.xlsx | dir>] [--in-place] [--profile national|hubei|liaoning|<profile.json>] [--accept-rule] [--json]';
export const EVALUATE_USAGE = 'jixiao evaluate <form.json | ->';

export const MAIN_HELP = `绩效自评助手 jixiao — 为预算绩效自评表计算得分
jixiao — scores budget-performance self-evaluation forms (绩效自评表)

用法 Usage:
  ${SCORE_USAGE}
      识别工作簿中的自评表，计算得分并写回（默认另存为 <name>.scored.xlsx）
      Recognise the forms, score them and write the results (default: <name>.scored.xlsx)
  ${EVALUATE_USAGE}
      按 JSON 输入计算得分，结果 JSON 输出到标准输出
      Score forms given as JSON; the result JSON goes to standard output
  jixiao rollup <汇总表.xlsx> <单位表.xlsx>... [-o out.xlsx] [--weight spent|budget] [--profile …] [--json]
      汇总各单位自评表到汇总表（写入完成值、得分和“汇总明细”工作表）
      Roll several units' forms up into the summary form (actuals, scores and a 汇总明细 sheet)
  jixiao review <file.xlsx | dir>... [-o review.xlsx] [--profile …] [--json]
      审核已填写的自评表（不修改输入文件），输出审核工作簿；有发现时退出码为 1
      Review filled forms (inputs never written): a review workbook; exit 1 when anything is found
  jixiao <command> --help     命令的详细说明 / help on a command
  jixiao --version

退出码 Exit codes: 0 完成 ok · 1 有问题 scored with problems · 2 输入无法使用 unusable input · 3 内部错误 internal error
`;

export const SCORE_HELP = `用法 Usage:
  ${SCORE_USAGE}

识别每个工作簿中的绩效自评表，计算得分并写入输出单元格；手工填写的单元格不会被覆盖。
Recognises every form, scores it and writes the output cells; a person's entries are never overwritten.

选项 Options:
  -o, --output <文件|目录>   输出文件，或输出目录（写入 <目录>/<name>.scored.xlsx；.xlsm/.xltx 保留扩展名）
                             output file, or a folder (<dir>/<name>.scored.xlsx; .xlsm/.xltx keep their extension)
  --in-place                 原地保存（临时文件 + 改名；加锁，若文件在读取后被改动则不写入）
                             replace the input (temp file + rename, locked; refused if the file changed meanwhile)
  -p, --profile <口径>       national | hubei | liaoning | <profile.json>（默认按表样推断）
  --accept-rule              工作簿没有助手记录时，与规则不一致的得分/合计单元格采用规则值
                             where the workbook has no record of earlier writes, take the rule's value for
                             output cells that differ from it (otherwise they are kept and reported)
  --json                     输出机器可读的 JSON 报告 / print the JSON report
  -h, --help                 显示本说明 / this help

默认输出：<name>.scored.xlsx（与输入同目录）。Default output: <name>.scored.xlsx beside the input.
输入文件上限 100 MB。Input files are limited to 100 MB.
`;

export const EVALUATE_HELP = `用法 Usage:
  ${EVALUATE_USAGE}

读取 JSON 格式的自评表（文件，或 - 表示标准输入），计算得分，结果 JSON 输出到标准输出。
Reads forms as JSON (a file, or - for standard input), prints the scored result as JSON.
字段说明见 README 的 “JSON interface” 一节。Fields: see the README's "JSON interface".
输入上限 20 MB、嵌套 64 层。Input limited to 20 MB and 64 levels of nesting.

  -h, --help    显示本说明 / this help
`;

export const ROLLUP_USAGE = 'jixiao rollup <汇总表.xlsx> <单位表.xlsx>... [-o <out.xlsx>] [--sheet <汇总表工作表>] [--weight spent|budget] [--profile national|hubei|liaoning|<profile.json>] [--json]';
export const REVIEW_USAGE = 'jixiao review <file.xlsx | 文件夹>... [-o <review.xlsx>] [--profile national|hubei|liaoning|<profile.json>] [--json]';

export const ROLLUP_HELP = `用法 Usage:
  ${ROLLUP_USAGE}

把各单位的自评表汇总到汇总表（SCORING.md 4.5）：绝对值累加，相对值按资金额度加权平均，定性指标按资金额度加权平均得分；
再按口径计算汇总表得分，写入完成值、得分和“汇总明细”工作表（输入文件不修改）。
Rolls the units' forms up into the summary form: absolute values summed, relative values and
qualitative scores averaged weighted by funds; the summary is then scored and written with a 汇总明细 sheet.

选项 Options:
  -o, --output <文件>        输出文件（默认 <汇总表>.rollup.xlsx） / output file (default <summary>.rollup.xlsx)
  --sheet <工作表>           汇总表所在的工作表 / the summary form's sheet
  --weight spent|budget      加权依据：全年执行数（默认）或全年预算数 / weight by spent (default) or budget
  -p, --profile <口径>       national | hubei | liaoning | <profile.json>（默认按表样推断）
  --json                     输出 JSON 报告 / print the JSON report
  -h, --help                 显示本说明 / this help
`;

export const REVIEW_HELP = `用法 Usage:
  ${REVIEW_USAGE}

审核已填写的自评表（文件或文件夹，不修改输入）：逐项比较填写的得分、小计、总分、等级与规则值，检查权重合计、
失分项的偏差原因等；-o 写出审核工作簿（审核汇总 / 审核发现 / 部门概况）。有发现时退出码为 1。
Reviews filled forms (files or folders; inputs are never written): typed scores, subtotals, totals
and grades against the rules, weights, missing deviation reasons; -o writes a review workbook.
Exit 1 when anything is found.

选项 Options:
  -o, --output <文件>        审核工作簿 / the review workbook
  -p, --profile <口径>       national | hubei | liaoning | <profile.json>（默认按表样推断）
  --json                     输出 JSON 报告 / print the JSON report
  -h, --help                 显示本说明 / this help
`;
