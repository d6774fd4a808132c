package org.carpd.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;

/**
 * Logback appender for {@link DevLog} (/dev/log, facility daemon), for a logback configuration of
 * the operator's own (carpd-logback-syslog.xml shows it); carpd's own logger uses DevLog directly.
 */
public final class DevLogAppender extends AppenderBase<ILoggingEvent> {
    private String socket = "/dev/log";
    private String tag = "carpd";
    private Layout<ILoggingEvent> layout;
    private DevLog devLog;

    public void setSocket(String socket) {
        this.socket = socket;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    @Override
    public void start() {
        if (layout == null) {
            addError("DevLogAppender needs a layout");
            return;
        }
        devLog = new DevLog(socket, tag, this::addWarn);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        devLog.send(SdPriorityConverter.severity(event), layout.doLayout(event), event.getTimeStamp());
    }

    @Override
    public void stop() {
        super.stop();
        if (devLog != null) {
            devLog.close();
        }
    }
}
