/**
 * Shared test helpers.
 */
package org.carpd.testing;
