extension FeatureStatistics {
    /// A baseline built from a summary that SQL computes in one pass (count, mean, population
    /// standard deviation, min, max and the 101 percentiles `percentile_cont(0, 0.01, …, 1)`),
    /// so the in-database training path never moves the rows to get it.
    ///
    /// Bin edges are the deciles (percentiles 10, 20, …, 90, duplicates merged), as
    /// ``init(name:values:bins:)`` places them. The proportion of a bin is the share of the
    /// percentile range it spans, which equals the exact proportion for continuous data; with
    /// ties at an edge (discrete features) it is an approximation, documented as such.
    /// Returns nil without rows or without 101 finite percentiles.
    public init?(name: String, count: Int, mean: Double, standardDeviation: Double,
                 minimum: Double, maximum: Double, percentiles: [Double]) {
        guard count > 0, percentiles.count == 101, percentiles.allSatisfy(\.isFinite),
              mean.isFinite, standardDeviation.isFinite else { return nil }
        self.name = name
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
        self.percentiles = percentiles
        var edges: [Double] = []
        var proportions: [Double] = []
        var lastCut = 0  // percentile index of the previous edge
        for decile in 1..<FeatureStatistics.defaultBinCount {
            let index = decile * 100 / FeatureStatistics.defaultBinCount
            let edge = percentiles[index]
            if let last = edges.last, edge <= last { continue }
            edges.append(edge)
            proportions.append(Double(index - lastCut) / 100)
            lastCut = index
        }
        proportions.append(Double(100 - lastCut) / 100)
        binEdges = edges
        baselineProportions = proportions
    }
}
