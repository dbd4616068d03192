package report

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/sqlforge/sqlforge/bench/benchcmp"
)

// canvas returns a canvas of the given format ("svg" or "png") and a
// function writing it to w.
func canvas(format string, wd, ht vg.Length) (draw.Canvas, func(io.Writer) error, error) {
	switch format {
	case "svg":
		c := vgsvg.New(wd, ht)
		return draw.New(c), func(w io.Writer) error { _, err := c.WriteTo(w); return err }, nil
	case "png":
		c := vgimg.New(wd, ht)
		pc := vgimg.PngCanvas{Canvas: c}
		return draw.New(c), func(w io.Writer) error { _, err := pc.WriteTo(w); return err }, nil
	}
	return draw.Canvas{}, nil, fmt.Errorf("report: unknown chart format %q (svg or png)", format)
}

// Chart draws t in two panels, ns/op above and allocs/op below, with one
// series of points per contender and the workloads along the x axis.
// Axes whose values span more than a factor of 20 are logarithmic.
// format is "svg" or "png".
func Chart(w io.Writer, t *Table, format string) error {
	if len(t.Workloads) == 0 || len(t.Impls) == 0 {
		return errors.New("report: empty table")
	}
	timeP, err := panel(t, "ns/op (median)", func(c Cell) (float64, bool) { return c.Time * 1e9, c.N > 0 })
	if err != nil {
		return err
	}
	timeP.Title.Text = t.Title()
	allocP, err := panel(t, "allocs/op", func(c Cell) (float64, bool) { return c.Allocs, c.HasAllocs })
	if err != nil {
		return err
	}
	wd := vg.Length(120+70*len(t.Workloads)) + 110
	dc, write, err := canvas(format, wd, 16*vg.Centimeter)
	if err != nil {
		return err
	}
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Millimeter, PadBottom: vg.Millimeter, PadY: 2 * vg.Millimeter, PadLeft: vg.Millimeter, PadRight: vg.Millimeter}
	plots := [][]*plot.Plot{{timeP}, {allocP}}
	cs := plot.Align(plots, tiles, dc)
	timeP.Draw(cs[0][0])
	allocP.Draw(cs[1][0])
	return write(w)
}

func panel(t *Table, ylabel string, val func(Cell) (float64, bool)) (*plot.Plot, error) {
	p := plot.New()
	p.Y.Label.Text = ylabel
	p.NominalX(t.Workloads...)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, impl := range t.Impls {
		for _, wl := range t.Workloads {
			if v, ok := val(t.Cells[[2]string{wl, impl}]); ok {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	logY := lo > 0 && hi/lo > 20
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		p.Y.Min, p.Y.Max = lo/1.5, hi*1.5
	} else {
		p.Y.Min = 0
		if hi > 0 {
			p.Y.Max = hi * 1.1
		} else {
			p.Y.Max = 1
		}
	}
	n := float64(len(t.Impls))
	for j, impl := range t.Impls {
		var xys plotter.XYs
		for i, wl := range t.Workloads {
			v, ok := val(t.Cells[[2]string{wl, impl}])
			if !ok || (logY && v <= 0) {
				continue
			}
			// Spread the contenders of a workload a little so that
			// equal values stay visible.
			xys = append(xys, plotter.XY{X: float64(i) + (float64(j)-(n-1)/2)*0.08, Y: v})
		}
		if len(xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Color = plotutil.Color(j)
		s.GlyphStyle.Shape = plotutil.Shape(j)
		s.GlyphStyle.Radius = vg.Points(3.5)
		p.Add(s)
		p.Legend.Add(impl, s)
	}
	// Leave room on the left for the legend.
	p.X.Min, p.X.Max = -1.6, float64(len(t.Workloads))-0.4
	return p, nil
}

// Run is one stored results file in a history.
type Run struct {
	// Label names the run on the x axis (a date or file name).
	Label string
	Set   *benchcmp.Set
}

// History draws the median of one benchmark in one unit across runs,
// oldest first, with the 95% confidence interval of each run as an error
// bar. Runs without the benchmark are skipped.
func History(w io.Writer, runs []Run, key benchcmp.Key, unit, format string) error {
	var xys plotter.XYs
	var errs plotter.YErrors
	var labels []string
	scale := 1.0
	ylabel := unit
	if unit == benchcmp.UnitTime {
		scale, ylabel = 1e9, "ns/op (median, 95% interval)"
	}
	for _, r := range runs {
		sum, ok := r.Set.Summary(key, unit, 0.95)
		if !ok {
			continue
		}
		x := float64(len(labels))
		labels = append(labels, r.Label)
		y := sum.Center * scale
		xys = append(xys, plotter.XY{X: x, Y: y})
		lo, hi := 0.0, 0.0
		if !math.IsInf(sum.Lo, 0) && !math.IsInf(sum.Hi, 0) {
			lo, hi = y-sum.Lo*scale, sum.Hi*scale-y
		}
		errs = append(errs, struct{ Low, High float64 }{lo, hi})
	}
	if len(xys) == 0 {
		return fmt.Errorf("report: %s not found in any run", key)
	}
	p := plot.New()
	p.Title.Text = key.String()
	p.Y.Label.Text = ylabel
	p.X.Label.Text = "run"
	p.NominalX(labels...)
	p.Add(plotter.NewGrid())
	p.Y.Min = 0
	l, s, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	l.Color = plotutil.Color(0)
	s.Color = plotutil.Color(0)
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{xys, errs})
	if err != nil {
		return err
	}
	p.Add(l, s, eb)
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	dc, write, err := canvas(format, vg.Length(200+60*len(labels)), 9*vg.Centimeter)
	if err != nil {
		return err
	}
	p.Draw(dc)
	return write(w)
}
