export { DisasmState, addressText, disassembleWord, unknownWord, type DisasmOptions } from './word';
export { disassembleImage } from './image';
export { PRINT_FORMS, type PrintForm } from './forms';
