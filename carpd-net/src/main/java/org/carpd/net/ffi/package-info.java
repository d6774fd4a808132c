/**
 * carpd's calls into C libraries, made directly through jffi (the JNI stub under jnr-ffi):
 * {@link org.carpd.net.ffi.NativeFunction} binds one symbol with its C types,
 * {@link org.carpd.net.ffi.LibC} the libc calls carpd makes, {@link org.carpd.net.ffi.NativeMemory}
 * native memory for the structures the kernel keeps a pointer to. jnr-ffi's proxies, type mappers
 * and its reference-queue thread took about 280 classes and a thread for the same calls.
 */
package org.carpd.net.ffi;
