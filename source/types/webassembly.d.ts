/*
The part of the WebAssembly JavaScript API that the scanner kernel uses. Node has it all; TypeScript declares it only in the DOM library, which this project leaves out.
*/
declare namespace WebAssembly {
	class Module {
		constructor(bytes: ArrayBufferView | ArrayBuffer);
	}

	class Instance {
		constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
		readonly exports: Record<string, unknown>;
	}

	class Memory {
		readonly buffer: ArrayBuffer;
	}
}
