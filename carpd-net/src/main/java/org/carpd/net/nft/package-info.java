/**
 * nftables through Debian's {@code libnftables1}, bound with {@link org.carpd.net.ffi}: carpd hands the library
 * a ruleset in nft's own syntax, as {@code nft -f} would read it, and no command is executed.
 * Used for the tables carpd owns (load balancing); every batch is applied atomically by the kernel.
 */
package org.carpd.net.nft;
