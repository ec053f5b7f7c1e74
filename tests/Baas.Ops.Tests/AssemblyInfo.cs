// The machines have two cores: the Prometheus test measures latency under load, so nothing else runs beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
