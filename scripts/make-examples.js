#!/usr/bin/env node
'use strict';
/**
 * Builds the sample workbooks in examples/ (the README's first command scores one of them).
 * They follow the layouts of the published forms (Liaoning project / department, Hubei project)
 * with invented data, and are committed; run `node scripts/make-examples.js` to rebuild them.
 */
const ExcelJS = require('exceljs');
const path = require('path');

const OUT = path.join(__dirname, '..', 'examples');
const thin = { style: 'thin' };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function grid(ws, top, left, bottom, right) {
  for (let r = top; r <= bottom; r++)
    for (let c = left; c <= right; c++) {
      const cell = ws.getCell(r, c);
      cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      cell.font = { name: '宋体', size: 10 };
    }
}

function title(ws, text, range) {
  ws.mergeCells(range);
  const cell = ws.getCell(range.split(':')[0]);
  cell.value = text;
  cell.font = { name: '宋体', size: 16, bold: true };
  cell.alignment = { horizontal: 'center' };
}

/** 预算项目(政策)绩效自评表, laid out like the Liaoning forms (L1). */
function liaoningProject(ws, p) {
  ws.columns = [10, 12, 24, 8, 12, 8, 16, 10, 8, 8, 18].map((width) => ({ width }));
  title(ws, '预算项目(政策)绩效自评表', 'A1:K1');
  ws.mergeCells('A2:K2');
  ws.getCell('A2').value = '(2025年度)';
  ws.getCell('A2').alignment = { horizontal: 'center' };
  const info = [['项目(政策)名称', p.name], ['主管部门', p.dept], ['实施单位', p.unit]];
  info.forEach(([label, value], i) => {
    const r = 3 + i;
    ws.mergeCells(`A${r}:B${r}`);
    ws.mergeCells(`C${r}:K${r}`);
    ws.getCell(`A${r}`).value = label;
    ws.getCell(`C${r}`).value = value;
  });
  ws.mergeCells('A6:B6');
  ws.mergeCells('D6:E6');
  ws.mergeCells('I6:K6');
  ws.getCell('A6').value = '项目预算金额（万元）';
  ws.getCell('C6').value = p.budget;
  ws.getCell('D6').value = '全年执行数（万元）';
  ws.getCell('F6').value = p.spent;
  ws.getCell('G6').value = '执行率';
  ['A7:A8', 'B7:B8', 'C7:C8', 'D7:F7', 'G7:G8', 'H7:H8', 'I7:I8', 'J7:J8', 'K7:K8'].forEach((m) => ws.mergeCells(m));
  const head = { A7: '一级指标', B7: '二级指标', C7: '三级指标', D7: '年度目标值', G7: '全年完成值', H7: '完成程度', I7: '分值', J7: '得分', K7: '未完成原因分析', D8: '运算符号', E8: '内容', F8: '度量单位' };
  for (const [a, v] of Object.entries(head)) ws.getCell(a).value = v;
  let r = 9;
  for (const row of p.rows) {
    const [l1, l2, l3, op, target, unit, actual, weight, reason] = row;
    ws.getRow(r).values = [l1, l2, l3, op || null, target, unit || null, actual, null, weight, null, reason || null];
    r++;
  }
  mergeRuns(ws, 'A', 9, r - 1);
  mergeRuns(ws, 'B', 9, r - 1);
  ws.mergeCells(`A${r}:B${r}`);
  ws.mergeCells(`D${r}:E${r}`);
  ws.mergeCells(`I${r}:J${r}`);
  ws.getCell(`A${r}`).value = '指标自评得分小计';
  ws.getCell(`D${r}`).value = '预算执行率得分';
  ws.getCell(`G${r}`).value = '减分项';
  ws.getCell(`I${r}`).value = '绩效自评总得分';
  grid(ws, 3, 1, r, 11);
}

/** Merges vertical runs of equal values in one column (一级/二级指标), as the printed forms do. */
function mergeRuns(ws, col, top, bottom) {
  let start = top;
  for (let r = top + 1; r <= bottom + 1; r++) {
    const v = r <= bottom ? ws.getCell(`${col}${r}`).value : Symbol('end');
    if (v !== ws.getCell(`${col}${start}`).value) {
      if (r - 1 > start) {
        for (let k = start + 1; k < r; k++) ws.getCell(`${col}${k}`).value = null;
        ws.mergeCells(`${col}${start}:${col}${r - 1}`);
      }
      start = r;
    }
  }
}

/** 2025年度XX项目绩效自评表, laid out like the Hubei forms (L3). */
function hubeiProject(ws, p) {
  ws.columns = [10, 6, 14, 28, 14, 14, 8, 8].map((width) => ({ width }));
  title(ws, `2025年度${p.name}项目绩效自评表`, 'A1:H1');
  ws.mergeCells('A2:D2');
  ws.mergeCells('E2:H2');
  ws.getCell('A2').value = `单位名称：${p.unit}`;
  ws.getCell('E2').value = '填报日期：2026年3月20日';
  ws.mergeCells('A3:B3');
  ws.mergeCells('C3:H3');
  ws.getCell('A3').value = '项目名称';
  ws.getCell('C3').value = p.name;
  ws.mergeCells('A4:B4');
  ws.mergeCells('C4:D4');
  ws.mergeCells('F4:H4');
  ws.getCell('A4').value = '主管部门';
  ws.getCell('C4').value = p.dept;
  ws.getCell('E4').value = '项目实施单位';
  ws.getCell('F4').value = p.unit;
  ws.mergeCells('A5:B6');
  ws.mergeCells('G5:H5');
  ws.mergeCells('G6:H6');
  ws.getCell('A5').value = '预算执行情况（万元）（20分）';
  Object.assign(ws.getCell('D5'), { value: '预算数(A)' });
  ws.getCell('E5').value = '执行数(B)';
  ws.getCell('F5').value = '执行率(B/A)';
  ws.getCell('G5').value = '得分（20分*执行率）';
  ws.getCell('C6').value = '年度财政资金总额';
  ws.getCell('D6').value = p.budget;
  ws.getCell('E6').value = p.spent;
  ws.getRow(7).values = ['年度绩效目标（80分）', '一级指标', '二级指标', '三级指标', '年初目标值(A)', '实际完成值(B)', '分值', '得分'];
  let r = 8;
  for (const [l1, l2, l3, target, actual, weight] of p.rows) {
    ws.getRow(r).values = [null, l1, l2, l3, target, actual, weight, null];
    for (const c of [5, 6]) if (typeof ws.getCell(r, c).value === 'number' && ws.getCell(r, c).value <= 1) ws.getCell(r, c).numFmt = '0%';
    r++;
  }
  ws.mergeCells(`A7:A${r - 1}`);
  mergeRuns(ws, 'B', 8, r - 1);
  mergeRuns(ws, 'C', 8, r - 1);
  ws.mergeCells(`A${r}:G${r}`);
  ws.getCell(`A${r}`).value = '总分';
  grid(ws, 3, 1, r, 8);
}

async function main() {
  const liaoning = new ExcelJS.Workbook();
  liaoningProject(liaoning.addWorksheet('就业创业服务经费'), {
    name: '就业创业服务经费',
    dept: '某市人力资源和社会保障局',
    unit: '某市公共就业和人才服务中心',
    budget: 186.5,
    spent: 171.32,
    rows: [
      ['产出指标', '数量指标', '举办专场招聘会场次', '>=', 20, '场', 24, 10],
      ['产出指标', '数量指标', '职业技能培训人数', '>=', 1500, '人', 1380, 10, '下半年两期培训因场地改造延期至次年，已纳入次年计划'],
      ['产出指标', '质量指标', '培训合格率', '>=', 90, '%', 93.5, 10],
      ['产出指标', '时效指标', '补贴资金发放时限', '<=', 30, '天', 25, 10],
      ['成本指标', '经济成本指标', '人均培训成本', '<=', 1200, '元', 1260, 10, '实训耗材价格上涨；次年起集中采购耗材'],
      ['效益指标', '社会效益指标', '城镇新增就业人数', '>=', 8000, '人', 11200, 15, '目标设定偏保守，次年按近三年实际值测算目标'],
      ['效益指标', '可持续影响指标', '就业服务体系建设', '', '持续完善', '', '全部或基本达成预期指标100%-80%（含）', 10],
      ['满意度指标', '服务对象满意度指标', '服务对象满意度', '>=', 90, '%', 95, 15],
    ],
  });
  await liaoning.xlsx.writeFile(path.join(OUT, '辽宁-项目自评表.xlsx'));

  const hubei = new ExcelJS.Workbook();
  hubeiProject(hubei.addWorksheet('职业技能提升补贴'), {
    name: '职业技能提升补贴',
    dept: '区人社局',
    unit: '区就业促进中心',
    budget: 520,
    spent: 468.3,
    rows: [
      ['成本指标（20分）', '经济成本指标', '人均补贴标准', '≤1500 元/人', '1420 元/人', 20],
      ['产出指标（20分）', '数量指标', '补贴发放人数', '0.3万人', '3215 人', 10],
      ['产出指标（20分）', '质量指标', '补贴发放准确率', 1, 1, 5],
      ['产出指标（20分）', '时效指标', '补贴到账时间', '≤15 天', '12 天', 5],
      ['效益指标（30分）', '社会效益指标', '参训人员就业率', '≥80%', '76.5%', 30],
      ['满意度指标（10分）', '服务对象满意度指标', '参训人员满意度', '≥90%', 0.96, 10],
    ],
  });
  await hubei.xlsx.writeFile(path.join(OUT, '湖北-项目自评表.xlsx'));
  console.log(`examples written to ${OUT}`);
}

module.exports = { liaoningProject, hubeiProject };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
