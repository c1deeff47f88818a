# media: rules come with its issue
