/** Reading CARP passphrases from files without leaking them. */
package org.carpd.cli.keys;
