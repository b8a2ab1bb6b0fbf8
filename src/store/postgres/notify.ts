/** NOTIFY channel on which a commit that queued deliveries names their channels (a JSON array, or "*": rescan). */
export const WORK_NOTIFY_CHANNEL = 'herald_work';
