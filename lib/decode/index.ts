// Sensor decoding: any field device's payload → a reading (README "Reading"). createDecoder (decoder.ts) is the one
// entry point; the modules behind it are exported for integrators and tests.
export { createDecoder, FORMATS, CHANNEL_PRESET_IDS, MODBUS_PRESET_IDS } from './decoder';
export type { DecoderConfig, SensorDecoder, DecodeContext } from './decoder';
export { isInfoReading, deviceIdOf } from './reading';
export { uecsReading } from './uecs-reading';
export type { UecsReadingOptions } from './uecs-reading';
export { decodeLpp, LPP_TYPES } from './lpp';
export type { LppField, LppOptions } from './lpp';
export { PROFILES, PROFILE_IDS, crc16Kermit, sfloat, SENSECAP_IDS } from './profiles';
export type { Profile } from './profiles';
export { readEnvelope, isEnvelope } from './envelope';
export type { Uplink } from './envelope';
export { decodeModbus, compileModbusMap, readRegisters, orderedBytes, rtuRegisters, crc16Modbus, MODBUS_WIDTH, MODBUS_TYPES,
  MODBUS_ORDERS, MODBUS_ADDRESSING, MODBUS_EXCEPTIONS } from './modbus';
export type { ModbusField, ModbusType, ModbusOrder, ModbusAddressing } from './modbus';
export { parseCcm, ccmValues, ccmMatches, CCM_TYPES } from './uecs';
export type { CcmPacket, CcmData, CcmFilter } from './uecs';
export { Codec, createCodec, readCodecOutput } from './codec';
export type { CodecOptions, CodecResult } from './codec';
export { SandboxPool, sharedSandboxPool, defaultPoolSize } from './sandbox/pool';
export type { PoolOptions } from './sandbox/pool';
export { objectValues } from './codec-values';
export { classify, bytesFromText, parseJson } from './input';
export type { RawInput } from './input';
export { clean, cleanFloat32, scaleValue } from './errors';
export { CHANNEL_PRESETS, MODBUS_PRESETS } from './presets';
export { FORMULAS, lppMapper, keyMapper } from './mapping';
export type { MappingRow, Formula } from './mapping';
export { PLAUSIBLE_RANGES, PLAUSIBILITY_MODES, compilePlausibility } from './plausibility';
export type { PlausibleRange, PlausibilityMode } from './plausibility';
export type { Decoded, Warning, Translate, HistoryEntry } from './values';
