//! The two lists of clusters the region works with, which are not the same list.

crate::domain::coded_enum! {
    /// Which list a cluster is on: one of the five strategic emerging industry clusters the three
    /// governments build together (五群 of 六链五群, named in 2023), or a cluster on MIIT's national
    /// advanced-manufacturing cluster list. A national cluster may correspond to one of the five
    /// but is a different, organised body.
    pub enum ClusterKind: "snake_case" {
        FiveGroups,
        National,
    }
}
