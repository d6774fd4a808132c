package org.carpd.core.engine;

/** The three states of a vhid, as in OpenBSD. */
public enum CarpState {
    /** Not participating: interface down, carpdev down, or not yet started. No addresses. */
    INIT,
    /** Listening to a master; takes over when it stops advertising. No addresses. */
    BACKUP,
    /** Owns the virtual addresses and advertises them. */
    MASTER
}
