// Farm knowledge: the work log, farm records in the records store, season reports, the cultivation manual draft,
// soil sheets, indicators shared between towns and NGSI-v2 export. No Node-RED import.
export * from './kinds';
export * from './entry';
export * from './worklog';
export * from './labels';
