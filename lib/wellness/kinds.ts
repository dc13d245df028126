// The record kinds of the wellness platform, as store presets: what each linked source keeps once pseudonymised
// (the person pseudonym instead of any number or name). Field names are the Japanese column headers of the
// municipal exports (KDB 健診・医療費, 介護保険 認定, アンケート) and of the residents' device gateway.
import type { RecordKind } from '../store/kinds';

/** Preset kinds by name: the editor's preset list (`store.kindPresets`) and the ready-made flow use them. */
export const WELLNESS_KINDS: Readonly<Record<string, RecordKind>> = {
  checkup: { name: 'checkup', columns: [
    { name: 'person', type: 'pseudonym', field: 'person', required: true },
    { name: 'checked_on', type: 'date', field: '受診日', required: true },
    { name: 'sex', type: 'text', field: '性別' },
    { name: 'age', type: 'integer', field: '年齢' },
    { name: 'district', type: 'text', field: '地区' },
    { name: 'bmi', type: 'real', field: 'BMI' },
    { name: 'sbp', type: 'real', field: '収縮期血圧' },
    { name: 'hba1c', type: 'real', field: 'HbA1c' },
    { name: 'smoker', type: 'boolean', field: '喫煙' },
  ] },
  claims: { name: 'claims', columns: [
    { name: 'person', type: 'pseudonym', field: 'person', required: true },
    { name: 'fiscal_year', type: 'integer', field: '年度', required: true },
    { name: 'cost', type: 'integer', field: '医療費' },
    { name: 'visit_days', type: 'integer', field: '受診日数' },
  ] },
  care: { name: 'care', columns: [
    { name: 'person', type: 'pseudonym', field: 'person', required: true },
    { name: 'certified_on', type: 'date', field: '認定日', required: true },
    { name: 'sex', type: 'text', field: '性別' },
    { name: 'level', type: 'text', field: '要介護度' },
  ] },
  survey: { name: 'survey', columns: [
    { name: 'person', type: 'pseudonym', field: 'person', required: true },
    { name: 'answered_on', type: 'date', field: '回答日', required: true },
    { name: 'sex', type: 'text', field: '性別' },
    { name: 'age', type: 'integer', field: '年齢' },
    { name: 'district', type: 'text', field: '地区' },
    { name: 'exercise', type: 'boolean', field: '運動習慣' },
    { name: 'outings', type: 'integer', field: '外出日数' },
    { name: 'social', type: 'boolean', field: '社会参加' },
    { name: 'walk_slow', type: 'boolean', field: '歩行速度低下' },
    { name: 'chewing', type: 'boolean', field: '咀嚼困難' },
    { name: 'forgetful', type: 'boolean', field: '物忘れ' },
  ] },
  device: { name: 'device', columns: [
    { name: 'person', type: 'pseudonym', field: 'person', required: true },
    { name: 'measured_at', type: 'timestamp', field: 'timestamp', required: true },
    { name: 'systolic', type: 'real', field: 'systolic' },
    { name: 'diastolic', type: 'real', field: 'diastolic' },
    { name: 'pulse', type: 'real', field: 'pulseRate' },
    { name: 'steps', type: 'integer', field: 'steps' },
    { name: 'weight', type: 'real', field: 'bodyWeight' },
  ] },
};

/** How civic-record-link reads each source of the demo town (number fields, name, birth date, sex). */
export const SOURCE_LINKS = {
  checkups: { idFields: [{ field: '宛名番号', kind: 'atena' }, { field: '被保険者番号', kind: 'insured' }, { field: '介護保険被保険者番号', kind: 'care' }],
    nameField: '氏名カナ', birthField: '生年月日', sexField: '性別' },
  claims: { idFields: [{ field: '宛名番号', kind: 'atena' }, { field: '被保険者番号', kind: 'insured' }] },
  survey: { idFields: [{ field: '宛名番号', kind: 'atena' }], nameField: '氏名カナ', birthField: '生年月日', sexField: '性別' },
  care: { idFields: [{ field: '介護保険被保険者番号', kind: 'care' }], nameField: '氏名カナ', birthField: '生年月日', sexField: '性別' },
} as const;

/** The kind each demo source is stored as. */
export const SOURCE_KINDS = { checkups: 'checkup', claims: 'claims', survey: 'survey', care: 'care' } as const;

/** Names of the preset kinds, in the order the editor lists them. */
export const KIND_PRESETS = Object.keys(WELLNESS_KINDS);
