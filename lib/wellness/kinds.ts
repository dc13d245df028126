// The record kinds of the wellness platform, as store presets: what each linked source keeps once pseudonymised
// (the person pseudonym instead of any number or name). Field names are the Japanese column headers of the
// municipal exports (KDB 健診・医療費, 介護保険 認定, アンケート) and of the residents' device gateway.
import type { ColumnDef, ColumnType, RecordKind } from '../store/kinds';

/** One declared column: SQL name, type, the export's column header it reads, and whether a record needs it. */
function col(name: string, type: ColumnType, field: string, required = false): ColumnDef {
  return required ? { name, type, field, required } : { name, type, field };
}

/** Every kind keys its records by the person pseudonym (never a number or a name in the clear). */
const person = (): ColumnDef => col('person', 'pseudonym', 'person', true);

/** Preset kinds by name: the editor's preset list (`store.kindPresets`) and the ready-made flow use them. */
export const WELLNESS_KINDS: Readonly<Record<string, RecordKind>> = {
  checkup: { name: 'checkup', columns: [
    person(), col('checked_on', 'date', '受診日', true), col('sex', 'text', '性別'),
    col('age', 'integer', '年齢'), col('district', 'text', '地区'), col('bmi', 'real', 'BMI'),
    col('sbp', 'real', '収縮期血圧'), col('hba1c', 'real', 'HbA1c'), col('smoker', 'boolean', '喫煙'),
  ] },
  claims: { name: 'claims', columns: [
    person(), col('fiscal_year', 'integer', '年度', true), col('cost', 'integer', '医療費'),
    col('visit_days', 'integer', '受診日数'),
  ] },
  care: { name: 'care', columns: [
    person(), col('certified_on', 'date', '認定日', true), col('sex', 'text', '性別'),
    col('level', 'text', '要介護度'),
  ] },
  survey: { name: 'survey', columns: [
    person(), col('answered_on', 'date', '回答日', true), col('sex', 'text', '性別'),
    col('age', 'integer', '年齢'), col('district', 'text', '地区'), col('exercise', 'boolean', '運動習慣'),
    col('outings', 'integer', '外出日数'), col('social', 'boolean', '社会参加'), col('walk_slow', 'boolean', '歩行速度低下'),
    col('chewing', 'boolean', '咀嚼困難'), col('forgetful', 'boolean', '物忘れ'),
  ] },
  device: { name: 'device', columns: [
    person(), col('measured_at', 'timestamp', 'timestamp', true), col('systolic', 'real', 'systolic'),
    col('diastolic', 'real', 'diastolic'), col('pulse', 'real', 'pulseRate'), col('steps', 'integer', 'steps'),
    col('weight', 'real', 'bodyWeight'),
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
