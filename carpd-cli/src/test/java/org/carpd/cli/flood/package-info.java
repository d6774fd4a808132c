/** Lab tests that the protocol thread keeps its timers under load (packet floods, slow hooks). */
package org.carpd.cli.flood;
