package io.midicrate.analysis;
import java.nio.file.Path;
import java.util.*;
public class TempoProbe {
    public static void main(String[] a) {
        List<EvalSet.Item> items = EvalSet.load(Path.of("src/test/resources/evalset"), Path.of("src/test/resources/corpus"));
        OnsetTempoEstimator e = new OnsetTempoEstimator();
        for (EvalSet.Item it : items) {
            if (it.part() != EvalSet.Part.DEV || Double.isNaN(it.tempoLabel())) continue;
            var ts = it.file().timeSignatures();
            double est = e.estimate(it.file().notes(), ts.isEmpty()?0:ts.get(0).numerator(), ts.isEmpty()?0:ts.get(0).denominator()).bpm();
            if (!Double.isNaN(est) && AccuracyMath.acc1(est, it.tempoLabel())) continue;
            double r = est / it.tempoLabel(); String k = "other";
            for (double f : new double[]{1,2,0.5,3,1.0/3,4,0.25,1.5,2.0/3,0.75,4.0/3}) if (Math.abs(r-f)<=0.04*f) { k = String.format("%.2f",f); break; }
            var n = it.file().notes();
            System.out.printf("%5s %-58s label=%6.1f est=%6.1f ts=%s changes=%d notes=%d span=%.1fs%n", k, it.path(), it.tempoLabel(), est, ts.isEmpty()?"-":ts.get(0).numerator()+"/"+ts.get(0).denominator(), it.file().tempoMap().segments(), n.count(), n.count()>0? n.startSeconds()[n.count()-1]-n.startSeconds()[0]:0);
        }
    }
}
