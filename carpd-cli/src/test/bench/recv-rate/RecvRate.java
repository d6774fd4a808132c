import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/** recv-rate.sh: opens a build's transport class on v1 by reflection, counts frames for a while and prints the CPU used. */
public class RecvRate {
    public static void main(String[] a) throws Exception {
        System.setProperty("jnr.ffi.asm.enabled", "false"); // as carpd set it while it used jnr-ffi (before stop 22)
        Class<?> transport = Class.forName(a[0]);
        Class<?> handler = Class.forName(a[0].substring(0, a[0].lastIndexOf('.')) + ".FrameHandler");
        AtomicLong frames = new AtomicLong();
        Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (p, m, args) -> {
            if (m.getName().equals("onFrame")) {
                frames.incrementAndGet();
            }
            return null;
        });
        Method open = transport.getMethod("open", String.class, handler);
        Object t = open.invoke(null, "v1", h);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("READY");
        Thread.sleep(Long.parseLong(a[1]) * 1000);
        long f0 = frames.get(), c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        Thread.sleep(Long.parseLong(a[2]) * 1000);
        long f1 = frames.get(), c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
        double secs = (t1 - t0) / 1e9;
        System.out.printf("%s: %.0f frames/s, CPU %.1f %% of a core, %.2f us CPU per frame%n", a[0],
                (f1 - f0) / secs, (c1 - c0) / 1e7 / secs, (c1 - c0) / 1e3 / Math.max(1, f1 - f0));
        ((AutoCloseable) t).close();
        System.exit(0);
    }
}
