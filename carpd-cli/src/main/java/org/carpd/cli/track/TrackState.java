package org.carpd.cli.track;

/** A tracker's verdict: no result yet, passing, or failing (holding its demotion). */
public enum TrackState {
    UNKNOWN, OK, FAILED
}
