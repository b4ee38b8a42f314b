/** NUL bytes in the first 8 KB mean binary, as git and grep decide. One rule for the file tools, the symbol index and retrieval. */
export const looksBinary = (buf: Buffer) => buf.subarray(0, 8192).includes(0);
